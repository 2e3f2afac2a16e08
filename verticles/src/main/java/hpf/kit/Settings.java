package hpf.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The raw configuration: classpath defaults, then an external file, then HPF_* environment variables,
 * with typed readers that fail with the key and the allowed values. One name per setting everywhere.
 */
public final class Settings {

  static final String DEFAULTS = "hpf-defaults.properties";
  static final String FILE_KEY = "HPF_CONFIG_FILE";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%_-]{1,253}");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /** Layers defaults, the external file ({@code configFile}, else HPF_CONFIG_FILE) and the environment. */
  public static Settings load(Path configFile, Map<String, String> env) {
    Map<String, String> merged = new TreeMap<>(readDefaults());
    Path file = configFile != null ? configFile
        : env.containsKey(FILE_KEY) && !env.get(FILE_KEY).isBlank() ? Path.of(env.get(FILE_KEY)) : null;
    if (file != null) {
      overlay(merged, readFile(file), "file " + file);
    }
    env.forEach((key, value) -> {
      // Only known keys: an unrelated HPF_* variable of the host must not stop start-up.
      if (merged.containsKey(key)) {
        merged.put(key, value.trim());
      }
    });
    return new Settings(merged);
  }

  /** Every declared setting with its default (the defaults file). */
  public static Map<String, String> declaredDefaults() {
    return readDefaults();
  }

  /**
   * The HPF_* environment variables that name no declared setting (a typo is otherwise silently ignored), each with
   * the closest declared key when one is near (else null). The declared keys are those of the defaults file.
   */
  public static Map<String, String> unknownEnvironmentKeys(Map<String, String> env) {
    java.util.Set<String> known = new java.util.TreeSet<>(readDefaults().keySet());
    known.add(FILE_KEY);
    Map<String, String> unknown = new TreeMap<>();
    env.keySet().stream().filter(k -> k.startsWith("HPF_") && !known.contains(k))
        .forEach(k -> unknown.put(k, KeyDistance.closest(k, known)));
    return unknown;
  }

  public static Settings of(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(readDefaults());
    overlay(merged, overrides, "overrides");
    return new Settings(merged);
  }

  private static void overlay(Map<String, String> target, Map<String, String> source, String origin) {
    source.forEach((key, value) -> {
      // A typo in a file is a mistake worth stopping for: the intended setting would silently not apply.
      if (!target.containsKey(key)) {
        throw new ConfigException(key, "unknown setting in " + origin + "; known settings: " + target.keySet());
      }
      target.put(key, value == null ? "" : value.trim());
    });
  }

  private static Map<String, String> readDefaults() {
    try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      return toMap(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException(FILE_KEY, "configuration file " + file + " does not exist or is not readable");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return toMap(reader);
    } catch (IOException e) {
      throw new ConfigException(FILE_KEY, "cannot read configuration file " + file + ": " + e.getMessage());
    }
  }

  private static Map<String, String> toMap(Reader reader) throws IOException {
    Properties props = new Properties();
    props.load(reader);
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }

  public String string(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("no default for " + key);
    }
    return value;
  }

  public int integer(String key, int min, int max) {
    String raw = string(key);
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw ConfigException.invalid(key, raw, "an integer from " + min + " to " + max);
  }

  public int port(String key) {
    return integer(key, 0, 65535);
  }

  public boolean bool(String key) {
    String raw = string(key);
    if ("true".equalsIgnoreCase(raw) || "false".equalsIgnoreCase(raw)) {
      return Boolean.parseBoolean(raw);
    }
    throw ConfigException.invalid(key, raw, "true or false");
  }

  /** A host name or IP literal (brackets around IPv6 are accepted and removed); empty when not set. */
  public String host(String key) {
    String raw = string(key);
    String host = raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
    if (!host.isEmpty() && !HOST.matcher(host).matches()) {
      throw ConfigException.invalid(key, raw, "an IP address (e.g. ::, 0.0.0.0, 127.0.0.1, ::1) or a host name");
    }
    return host;
  }

  public List<String> hostList(String key) {
    String raw = string(key);
    List<String> hosts = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (hosts.isEmpty() || hosts.stream().anyMatch(h -> !HOST.matcher(h).matches())) {
      throw ConfigException.invalid(key, raw, "a comma-separated list of host[:port], e.g. 10.0.0.1,10.0.0.2:5701");
    }
    return hosts;
  }
}
