package hpf.boot;

import ch.qos.logback.classic.Level;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * HPF_LOG_LEVEL, checked and applied to the root logger. Logback alone reads any unknown word as DEBUG, so a typo
 * would silently flood the log; here it stops start-up naming the allowed levels.
 */
public final class LogLevel {

  static final String KEY = "HPF_LOG_LEVEL";
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private LogLevel() {}

  /** The configured level, upper case; a ConfigException when it is none of the five. */
  public static String parse(Settings settings) {
    String raw = settings.string(KEY);
    String level = raw.trim().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw ConfigException.invalid(KEY, raw, "TRACE, DEBUG, INFO, WARN or ERROR (any letter case)");
    }
    return level;
  }

  public static void apply(Settings settings) {
    String level = parse(settings);
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.toLevel(level));
    }
  }
}
