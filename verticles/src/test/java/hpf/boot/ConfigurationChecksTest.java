package hpf.boot;

import hpf.cli.RunCommand;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings an operator gets slightly wrong: log level, a mistyped variable, TLS to the database, the dump. */
class ConfigurationChecksTest {

  @TempDir
  Path dir;

  @Test
  void theLogLevelIsOneOfFiveInAnyCase() {
    assertThat(LogLevel.parse(Settings.of(Map.of()))).isEqualTo("INFO");
    assertThat(LogLevel.parse(Settings.of(Map.of("HPF_LOG_LEVEL", "debug")))).isEqualTo("DEBUG");
    assertThat(LogLevel.parse(Settings.load(null, Map.of("HPF_LOG_LEVEL", " Warn ")))).isEqualTo("WARN");
    assertThatThrownBy(() -> LogLevel.parse(Settings.load(null, Map.of("HPF_LOG_LEVEL", "LOUD"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HPF_LOG_LEVEL: invalid value 'LOUD'; allowed: TRACE, DEBUG, INFO, WARN or ERROR (any letter case)");
  }

  @Test
  void aMistypedEnvironmentVariableIsNamedWithTheClosestSetting() {
    Map<String, String> env = Map.of("HPF_PUBLC_PORT", "1", "HPF_SHUTDOWN_GRACE_SECOND", "10", "HPF_PUBLIC_PORT", "8080",
        "HPF_CONFIG_FILE", "", "PATH", "/bin", "HPF_ZZZZZZZZZZZZZZZZZZZZZZZZ", "x");
    Map<String, String> unknown = Settings.unknownEnvironmentKeys(env);
    assertThat(unknown).containsOnlyKeys("HPF_PUBLC_PORT", "HPF_SHUTDOWN_GRACE_SECOND", "HPF_ZZZZZZZZZZZZZZZZZZZZZZZZ");
    assertThat(unknown.get("HPF_PUBLC_PORT")).isEqualTo("HPF_PUBLIC_PORT");
    assertThat(unknown.get("HPF_SHUTDOWN_GRACE_SECOND")).isEqualTo("HPF_SHUTDOWN_GRACE_SECONDS");
    assertThat(unknown.get("HPF_ZZZZZZZZZZZZZZZZZZZZZZZZ")).isNull();
    HpfConfig config = HpfConfig.from(Settings.load(null, env));
    assertThat(StartupWarnings.of(env, config)).extracting(StartupWarnings.Warning::message)
        .contains("HPF_PUBLC_PORT is not a setting and is ignored; did you mean HPF_PUBLIC_PORT?");
  }

  @Test
  void everyDeclaredSettingIsKnown() {
    Map<String, String> env = new HashMap<>();
    Settings.of(Map.of()); // the declared keys are the defaults file's
    for (String key : new String[] {"HPF_LOG_LEVEL", "HPF_DB_SSL_ROOT_CERT", "HPF_SANDBOX", "HPF_CONFIG_FILE"}) {
      env.put(key, "");
    }
    assertThat(Settings.unknownEnvironmentKeys(env)).isEmpty();
  }

  @Test
  void sslModeReachesThePoolAndTheMigrations() throws Exception {
    Path ca = dir.resolve("root.crt");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    String url = HpfConfig.from(Settings.of(Map.of("HPF_DB_URL", "postgresql://db.internal:6543/hpf?sslmode=verify-full",
        "HPF_DB_SSL_ROOT_CERT", ca.toString(), "HPF_BIND_HOST", "127.0.0.1"))).database().url();
    Database.Target target = Database.external(new HpfConfig.DatabaseConfig(url, "app", "pw", 1,
        java.time.Duration.ofSeconds(1), 0, "", ""));
    PgConnectOptions options = target.connectOptions();
    assertThat(options.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(options.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(target.jdbcUrl()).startsWith("jdbc:postgresql://db.internal:6543/hpf?sslmode=verify-full&sslrootcert=")
        .contains("root.crt");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://db/hpf?sslmode=require").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/hpf?sslmode=require");
    assertThat(DatabaseUrl.parse("postgresql://db/hpf").tls()).isEqualTo(DatabaseUrl.Tls.NONE);
  }

  @Test
  void anUnknownSslModeOrParameterOrAMissingRootCertificateIsRefused() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(Map.of("HPF_DB_URL", "postgresql://db/hpf?sslmode=on",
        "HPF_BIND_HOST", "127.0.0.1")))).hasMessageStartingWith("HPF_DB_URL: invalid value").hasMessageContaining("verify-full");
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(Map.of("HPF_DB_URL", "postgresql://db/hpf?ssl=true",
        "HPF_BIND_HOST", "127.0.0.1")))).hasMessageStartingWith("HPF_DB_URL: invalid value");
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(Map.of("HPF_DB_URL", "postgresql://db/hpf?sslmode=verify-ca",
        "HPF_BIND_HOST", "127.0.0.1")))).hasMessageStartingWith("HPF_DB_SSL_ROOT_CERT: required with sslmode=verify-ca");
  }

  @Test
  void productionWarnsAboutCleartextToANetworkDatabase() {
    Map<String, String> production = ProductionSettings.own();
    production.put("HPF_DB_URL", "postgresql://db.internal/hpf");
    assertThat(StartupWarnings.of(Map.of(), HpfConfig.from(Settings.of(production))))
        .extracting(StartupWarnings.Warning::message).singleElement().asString()
        .contains("sslmode=disable", "in clear");
    production.put("HPF_DB_URL", "postgresql://127.0.0.1/hpf");
    assertThat(StartupWarnings.of(Map.of(), HpfConfig.from(Settings.of(production)))).isEmpty();
  }

  @Test
  void theConfigurationDumpIsReadableAndHidesSecrets() {
    HpfConfig config = HpfConfig.from(Settings.of(Map.of("HPF_DEPENDENCY_TUNING", "national.lease_filing:timeoutMs=1500",
        "HPF_DB_PASSWORD", "db-secret-1", "HPF_BIND_HOST", "127.0.0.1", "HPF_SMS_URL", "https://sms:sms-secret-2@sms.example.cn",
        "HPF_BANK_ENDPOINTS", "105=json:https://hpf:bank-secret-3@bank.example.cn/bdc")));
    String dump = RunCommand.dump(config);
    assertThat(dump).doesNotContainPattern("[A-Za-z]@[0-9a-f]{5,}")
        .contains("national.lease_filing", "timeoutMs=1500")
        .contains("https://***@sms.example.cn")
        .doesNotContain("db-secret-1", "sms-secret-2", "bank-secret-3", SecurityConfig.DEFAULT_ADMIN_PASSWORD, SecurityConfig.DEFAULT_BLIND_INDEX_KEY,
            SecurityConfig.DEFAULT_FIELD_KEYS.substring(2), SecurityConfig.DEFAULT_TOKEN_KEYS.substring(2),
            SecurityConfig.DEFAULT_PLATFORM_KEYS.substring(2));
  }
}
