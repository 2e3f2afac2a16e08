package hpf.boot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hpf.cli.Main;
import hpf.crypto.Sm2;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import hpf.sandbox.DemoBanks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A production configuration (HPF_SANDBOX=false) tries to slip a published sandbox secret past the guard the way an
 * operator could by accident or an attacker on purpose: other letter case, padding, or as an older ring version.
 */
class ProductionGuardTest {

  private static final String TOKEN_DEFAULT = SecurityConfig.DEFAULT_TOKEN_KEYS.substring(2);
  private static final String PLATFORM_DEFAULT = SecurityConfig.DEFAULT_PLATFORM_KEYS.substring(2);
  private static final String OWN_SM2 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  /** A production configuration with secrets of its own, which starts; each test spoils one of them. */
  private static Map<String, String> production() {
    Map<String, String> o = ProductionSettings.own();
    o.put("HPF_TOKEN_KEYS", "1:" + OWN_SM2);
    return o;
  }

  private static void refused(Map<String, String> config, String key, String version, String secret) {
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(config)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ": the documented sandbox default cannot be used when HPF_SANDBOX=false" + version)
        .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT)).doesNotContain(secret.toLowerCase(Locale.ROOT)));
  }

  @Test
  void ownSecretsStart() {
    assertThatCode(() -> HpfConfig.from(Settings.of(production()))).doesNotThrowAnyException();
  }

  @Test
  void thePublishedTokenKeyInUpperCaseIsRefused() {
    Map<String, String> config = production();
    config.put("HPF_TOKEN_KEYS", "1:" + TOKEN_DEFAULT.toUpperCase(Locale.ROOT));
    refused(config, "HPF_TOKEN_KEYS", " (ring version 1)", TOKEN_DEFAULT);
  }

  @Test
  void extraWhitespaceAroundThePublishedFieldKeyIsRefused() {
    Map<String, String> config = production();
    config.put("HPF_FIELD_KEYS", "  3:00112233445566778899aabbccddeeff ,  1:  "
        + SecurityConfig.DEFAULT_FIELD_KEYS.substring(2).toUpperCase(Locale.ROOT) + "  ");
    config.put("HPF_FIELD_KEY_VERSION", "3");
    refused(config, "HPF_FIELD_KEYS", " (ring version 1)", SecurityConfig.DEFAULT_FIELD_KEYS.substring(2));
  }

  @Test
  void thePublishedPlatformKeyKeptAsAnOlderRingVersionIsRefused() {
    // The documented rotation: the new key signs as version 2, the old one stays to verify what it signed.
    Map<String, String> config = production();
    config.put("HPF_PLATFORM_KEYS", "2:" + OWN_SM2 + ",1:" + PLATFORM_DEFAULT);
    config.put("HPF_PLATFORM_KEY_VERSION", "2");
    refused(config, "HPF_PLATFORM_KEYS", " (ring version 1)", PLATFORM_DEFAULT);
  }

  @Test
  void anotherPublishedKeyOrTheSameKeyUnderAnotherScalarIsRefused() {
    Map<String, String> demoBank = production();
    BigInteger bankKey = DemoBanks.ALL.get(0).privateKey().parameters().getD();
    demoBank.put("HPF_PLATFORM_KEYS", "1:" + String.format("%064x", bankKey));
    refused(demoBank, "HPF_PLATFORM_KEYS", " (ring version 1)", String.format("%064x", bankKey));
    // The platform default as the token key: published is published, whichever setting holds it.
    Map<String, String> swapped = production();
    swapped.put("HPF_TOKEN_KEYS", "1:" + PLATFORM_DEFAULT);
    refused(swapped, "HPF_TOKEN_KEYS", " (ring version 1)", PLATFORM_DEFAULT);
    // d + n signs exactly as d does: refused as no SM2 private key at all.
    BigInteger alias = new BigInteger(TOKEN_DEFAULT, 16).add(Sm2.ORDER);
    if (alias.bitLength() <= 256) {
      Map<String, String> aliased = production();
      aliased.put("HPF_TOKEN_KEYS", "1:" + String.format("%064x", alias));
      assertThatThrownBy(() -> HpfConfig.from(Settings.of(aliased)))
          .hasMessageStartingWith("HPF_TOKEN_KEYS: invalid value '(hidden)'");
    }
  }

  @Test
  void thePublishedBlindIndexKeyPaddedWithZerosIsRefused() {
    // HMAC pads short keys with zero bytes: the padded key computes the very same blind indexes.
    Map<String, String> config = production();
    config.put("HPF_BLIND_INDEX_KEY", SecurityConfig.DEFAULT_BLIND_INDEX_KEY.toUpperCase(Locale.ROOT) + "0000");
    refused(config, "HPF_BLIND_INDEX_KEY", " (ring version 1)", SecurityConfig.DEFAULT_BLIND_INDEX_KEY);
  }

  @Test
  void anySecretSettingHoldingAnyPublishedDefaultIsRefused() {
    // The net for every setting named like a secret: a published default in another secret's place is still published.
    Map<String, String> config = production();
    config.put("HPF_BLIND_INDEX_KEY", TOKEN_DEFAULT.toUpperCase(Locale.ROOT));
    refused(config, "HPF_BLIND_INDEX_KEY", " (entry 1)", TOKEN_DEFAULT);
    Map<String, String> password = production();
    password.put("HPF_ADMIN_PASSWORD", SecurityConfig.DEFAULT_PLATFORM_KEYS.substring(2));
    refused(password, "HPF_ADMIN_PASSWORD", " (entry 1)", PLATFORM_DEFAULT);
  }

  @Test
  void thePublishedOperatorPasswordInAnotherCaseIsRefused() {
    Map<String, String> config = production();
    config.put("HPF_ADMIN_PASSWORD", "HPF-Sandbox-Operator");
    refused(config, "HPF_ADMIN_PASSWORD", ";", "hpf-sandbox-operator");
  }

  @Test
  void theStartCommandRefusesWithExitCodeTwoNamingTheKeyAndVersion() throws Exception {
    Map<String, String> config = production();
    config.put("HPF_PLATFORM_KEYS", "2:" + OWN_SM2 + ",1:" + PLATFORM_DEFAULT.toUpperCase(Locale.ROOT));
    config.put("HPF_PLATFORM_KEY_VERSION", "2");
    config.put("HPF_DATA_DIR", dir.resolve("data").toString());
    StringBuilder file = new StringBuilder();
    config.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
    Path properties = dir.resolve("hpf.properties");
    Files.writeString(properties, file);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger main = (Logger) LoggerFactory.getLogger(Main.class);
    main.addAppender(log);
    try {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      assertThat(Main.execute(new String[] {"run", "--config", properties.toString()}, Map.of(), quiet, quiet))
          .isEqualTo(2);
    } finally {
      main.detachAppender(log);
    }
    assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("invalid configuration: "
        + "HPF_PLATFORM_KEYS: the documented sandbox default cannot be used when HPF_SANDBOX=false (ring version 1)"));
    assertThat(log.list).allSatisfy(e -> assertThat(e.getFormattedMessage().toLowerCase(Locale.ROOT))
        .doesNotContain(PLATFORM_DEFAULT));
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
  }
}
