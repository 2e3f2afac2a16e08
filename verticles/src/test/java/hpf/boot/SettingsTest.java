package hpf.boot;

import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults, then file, then environment; a bad value stops start-up naming the key and what is allowed. */
class SettingsTest {

  /** A cluster name that is a secret (production refuses the default and short names). */
  static final String PRODUCTION_CLUSTER = "hpf-7Qx2b9Lm4Rt8Wc1Zp6Kd3Vn5";

  /** Production (HPF_SANDBOX=false) needs secrets of its own. */
  private static final String OWN_SECRETS = "HPF_ADMIN_PASSWORD=a-real-operator-secret\n"
      + "HPF_CLUSTER_NAME=" + PRODUCTION_CLUSTER + "\n"
      + "HPF_FIELD_KEYS=1:00112233445566778899aabbccddeeff\nHPF_BLIND_INDEX_KEY=ffeeddccbbaa99887766554433221100\n"
      + "HPF_TOKEN_KEYS=1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      + "HPF_PLATFORM_KEYS=1:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      + "HPF_CHAIN_KEYS=1:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      + "HPF_IDP_URL=https://idp.example.gov.cn/api\nHPF_SMS_URL=https://sms.example.cn\n"
      + "HPF_NATIONAL_SHARING_URL=https://share.example.gov.cn/api\nHPF_COLLABORATION_URL=https://xt.example.gov.cn\n"
      + "HPF_REAL_ESTATE_URL=https://bdc.example.gov.cn\nHPF_FUNERAL_URL=https://bz.example.gov.cn\n"
      + "HPF_PENSION_URL=https://rs.example.gov.cn\nHPF_ELICENSE_URL=https://dzzz.example.gov.cn\n";

  @TempDir
  Path dir;

  @Test
  void defaultsDescribeTheEmbeddedRun() {
    HpfConfig config = HpfConfig.from(Settings.load(null, Map.of()));
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.listeners().publicPort()).isEqualTo(8080);
    assertThat(config.listeners().bankPort()).isEqualTo(8081);
    assertThat(config.listeners().interopPort()).isEqualTo(8082);
    assertThat(config.listeners().adminPort()).isEqualTo(8083);
    assertThat(config.listeners().managementPort()).isEqualTo(9090);
    assertThat(config.listeners().bindHost()).isEqualTo("127.0.0.1");
    assertThat(config.listeners().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.sandbox()).isTrue();
    assertThat(config.cluster().members()).containsExactly("127.0.0.1");
  }

  @Test
  void aFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("hpf.properties");
    Files.writeString(file, "HPF_PUBLIC_PORT=18080\nHPF_ADMIN_PORT=18083\nHPF_SANDBOX=false\n" + OWN_SECRETS);
    HpfConfig config = HpfConfig.from(Settings.load(file, Map.of("HPF_ADMIN_PORT", "28083", "PATH", "/bin")));
    assertThat(config.listeners().publicPort()).isEqualTo(18080);
    assertThat(config.listeners().adminPort()).isEqualTo(28083);
    assertThat(config.sandbox()).isFalse();
  }

  @Test
  void theFileCanBeNamedByTheEnvironment() throws Exception {
    Path file = dir.resolve("other.properties");
    Files.writeString(file, "HPF_CLUSTER_MEMBERS=10.0.0.1, 10.0.0.2:5702\n");
    HpfConfig config = HpfConfig.from(Settings.load(null, Map.of("HPF_CONFIG_FILE", file.toString())));
    assertThat(config.cluster().members()).containsExactly("10.0.0.1", "10.0.0.2:5702");
  }

  @Test
  void aMisspelledKeyInTheFileStopsStartUp() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "HPF_PUBLC_PORT=1\n");
    assertThatThrownBy(() -> Settings.load(file, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("HPF_PUBLC_PORT: unknown setting");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> Settings.load(dir.resolve("absent.properties"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("absent.properties does not exist");
  }

  @Test
  void anInvalidPortNamesTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_PUBLIC_PORT", "eighty"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HPF_PUBLIC_PORT: invalid value 'eighty'; allowed: an integer from 0 to 65535");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_BANK_PORT", "70000"))))
        .hasMessageStartingWith("HPF_BANK_PORT: invalid value '70000'");
  }

  @Test
  void anInvalidSwitchNamesTrueAndFalse() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_SANDBOX", "yes"))))
        .hasMessage("HPF_SANDBOX: invalid value 'yes'; allowed: true or false");
  }

  @Test
  void twoListenersOnOnePortAreRefused() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_ADMIN_PORT", "9090"))))
        .hasMessageContaining("port 9090 is also set for");
  }

  @Test
  void aDatabaseUrlMustBePostgresqlAndNeverEchoesCredentials() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null,
        Map.of("HPF_DB_URL", "mysql://root:secret@db:3306/hpf"))))
        .hasMessageStartingWith("HPF_DB_URL: invalid value")
        .hasMessageNotContaining("secret");
    HpfConfig ok = HpfConfig.from(Settings.load(null, Map.of("HPF_DB_URL", "postgresql://app:urlpass@db.internal:6543/hpf",
        "HPF_DB_PASSWORD", "s3cret", "HPF_BIND_HOST", "127.0.0.1")));
    assertThat(ok.database().embedded()).isFalse();
    assertThat(ok.toString()).doesNotContain("s3cret", "urlpass");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://[::1]/hpf").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/hpf");
  }

  @Test
  void anExplicitBindHostWinsAndIpv6BracketsAreAccepted() {
    assertThat(HpfConfig.from(Settings.load(null, Map.of("HPF_BIND_HOST", "[::1]"))).listeners().bindHost())
        .isEqualTo("::1");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_BIND_HOST", "a host"))))
        .hasMessageStartingWith("HPF_BIND_HOST: invalid value 'a host'; allowed: an IP address");
  }

  @Test
  void productionRefusesEverySandboxDefaultSecretNamingIt() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_SANDBOX", "false", "HPF_CLUSTER_NAME", PRODUCTION_CLUSTER))))
        .hasMessage("HPF_ADMIN_PASSWORD: the documented sandbox default cannot be used when HPF_SANDBOX=false;"
            + " allowed: a secret of your own");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null,
        Map.of("HPF_SANDBOX", "false", "HPF_CLUSTER_NAME", PRODUCTION_CLUSTER, "HPF_ADMIN_PASSWORD", "a-real-operator-secret"))))
        .hasMessageStartingWith("HPF_FIELD_KEYS: the documented sandbox default");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_SANDBOX", "false",
        "HPF_CLUSTER_NAME", PRODUCTION_CLUSTER,
        "HPF_ADMIN_PASSWORD", "a-real-operator-secret", "HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff"))))
        .hasMessageStartingWith("HPF_BLIND_INDEX_KEY: the documented sandbox default");
    Map<String, String> almost = new java.util.HashMap<>(Map.of("HPF_SANDBOX", "false", "HPF_CLUSTER_NAME", PRODUCTION_CLUSTER,
        "HPF_ADMIN_PASSWORD", "a-real-operator-secret", "HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff",
        "HPF_BLIND_INDEX_KEY", "ffeeddccbbaa99887766554433221100"));
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, almost)))
        .hasMessageStartingWith("HPF_TOKEN_KEYS: the documented sandbox default");
    almost.put("HPF_TOKEN_KEYS", "1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, almost)))
        .hasMessageStartingWith("HPF_PLATFORM_KEYS: the documented sandbox default");
    almost.put("HPF_PLATFORM_KEYS", "1:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    // The chain key: refused by its parsed bytes, also in upper case and kept as an older version of the ring.
    almost.put("HPF_CHAIN_KEYS", "2:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
        + "1:" + ChainSettings.DEFAULT_KEYS.substring(2).toUpperCase());
    almost.put("HPF_CHAIN_KEY_VERSION", "2");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, almost)))
        .hasMessageStartingWith("HPF_CHAIN_KEYS: the documented sandbox default");
    almost.put("HPF_CHAIN_KEYS", "2:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, almost)))
        .hasMessage("HPF_IDP_URL: required when HPF_SANDBOX=false; allowed: the service's http(s) base URL");
  }

  @Test
  void fieldKeysAreCheckedWithoutEchoingThem() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_FIELD_KEYS", "1:beef"))))
        .hasMessageStartingWith("HPF_FIELD_KEYS: invalid value '(hidden)'").hasMessageNotContaining("beef");
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_FIELD_KEY_VERSION", "2"))))
        .hasMessageStartingWith("HPF_FIELD_KEY_VERSION: invalid value '2'; allowed: one of the versions listed");
    assertThat(HpfConfig.from(Settings.load(null, Map.of("HPF_FIELD_KEYS",
        "1:00112233445566778899aabbccddeeff,2:ffeeddccbbaa99887766554433221100", "HPF_FIELD_KEY_VERSION", "2")))
        .security().fieldKeys().currentVersion()).isEqualTo(2);
  }

  @Test
  void theSandboxOnAnExternalDatabaseMustStayOnLoopback() {
    assertThatThrownBy(() -> HpfConfig.from(Settings.load(null, Map.of("HPF_DB_URL", "postgresql://db:5432/hpf",
        "HPF_BIND_HOST", "::")))).hasMessageStartingWith("HPF_SANDBOX: true (sandbox, published demo credentials) with an external database");
    assertThat(HpfConfig.from(Settings.load(null, Map.of("HPF_DB_URL", "postgresql://db:5432/hpf",
        "HPF_BIND_HOST", "127.0.0.1"))).sandbox()).isTrue();
    // A sandbox test cluster (e.g. the Kubernetes dev overlay) says it shares its database on purpose.
    assertThat(HpfConfig.from(Settings.load(null, Map.of("HPF_DB_URL", "postgresql://db:5432/hpf",
        "HPF_BIND_HOST", "0.0.0.0", "HPF_SANDBOX_SHARED_DB", "true"))).sandbox()).isTrue();
  }

  @Test
  void unrelatedEnvironmentVariablesAreIgnored() {
    HpfConfig config = HpfConfig.from(Settings.load(null, Map.of("HPF_SOMETHING_ELSE", "x")));
    assertThat(config.listeners().publicPort()).isEqualTo(8080);
  }
}
