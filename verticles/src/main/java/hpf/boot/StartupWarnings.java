package hpf.boot;

import hpf.kit.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What start-up accepts but an operator should hear about: HPF_* environment variables that name no setting (a typo
 * would otherwise be silently ignored), and a production database reached over the network without verified TLS.
 */
public final class StartupWarnings {

  /** One warning: the setting it concerns and the message. */
  public record Warning(String key, String message) {}

  private StartupWarnings() {}

  public static List<Warning> of(Map<String, String> env, HpfConfig config) {
    List<Warning> warnings = new ArrayList<>();
    Settings.unknownEnvironmentKeys(env).forEach((key, closest) -> warnings.add(new Warning(key,
        key + " is not a setting and is ignored" + (closest == null ? "" : "; did you mean " + closest + "?"))));
    if (!config.sandbox() && !config.database().embedded()) {
      DatabaseUrl url = DatabaseUrl.parse(config.database().url());
      if (url != null && !url.loopback() && !url.tls().verifies()) {
        warnings.add(new Warning("HPF_DB_URL", "the database at " + url.host() + " is reached with sslmode="
            + url.tls().mode() + (url.tls().mode().equals("disable") ? ": passwords and data cross the network in clear"
            : ": encrypted, but the server is not verified") + "; use sslmode=verify-full with HPF_DB_SSL_ROOT_CERT"));
      }
    }
    return warnings;
  }
}
