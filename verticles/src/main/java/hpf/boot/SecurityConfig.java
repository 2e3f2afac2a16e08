package hpf.boot;

import hpf.crypto.KeyRing;
import hpf.crypto.Sm2;
import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Secrets and security settings. The sandbox run works with documented defaults; a production run
 * ({@code HPF_SANDBOX=false}) refuses every one of them, so a default secret can never reach production.
 */
public record SecurityConfig(String adminUser, String adminPassword, KeyRing<byte[]> fieldKeys, byte[] blindIndexKey,
                             Duration signatureWindow, KeyRing<Sm2Keys.Private> tokenKeys, Duration accessTokenLifetime,
                             Duration refreshTokenLifetime, int loginMaxFailures, Duration loginLock,
                             KeyRing<Sm2Keys.Private> platformKeys, ChainSettings chains) {

  static final String DEFAULT_ADMIN_PASSWORD = "hpf-sandbox-operator";
  static final String DEFAULT_FIELD_KEYS = "1:5a1d0c0ffee0b1e55ed5a1d0c0ffee01";
  static final String DEFAULT_BLIND_INDEX_KEY = "b11d1dec5a1d0c0ffee0b1e55ed5a1d0";
  static final String DEFAULT_PLATFORM_KEYS = "1:" + PublishedKeys.SANDBOX_PLATFORM_KEY;
  static final String DEFAULT_TOKEN_KEYS = "1:" + PublishedKeys.SANDBOX_TOKEN_KEY;

  static SecurityConfig from(Settings s, boolean sandbox) {
    String adminUser = s.string("HPF_ADMIN_USER");
    if (!adminUser.matches("[A-Za-z0-9._-]{3,64}")) {
      throw ConfigException.invalid("HPF_ADMIN_USER", adminUser, "3-64 letters, digits, '.', '_' or '-'");
    }
    String password = s.string("HPF_ADMIN_PASSWORD");
    if (password.length() < 12) {
      throw new ConfigException("HPF_ADMIN_PASSWORD", "too short; allowed: a secret of at least 12 characters");
    }
    Map<Integer, byte[]> fieldKeyVersions = versions(s, "HPF_FIELD_KEYS", 16, 16);
    byte[] blindIndexKey = hex("HPF_BLIND_INDEX_KEY", s.string("HPF_BLIND_INDEX_KEY"), 16, 32);
    Map<Integer, Sm2Keys.Private> tokenKeys = sm2Keys(s, "HPF_TOKEN_KEYS");
    Map<Integer, Sm2Keys.Private> platformKeys = sm2Keys(s, "HPF_PLATFORM_KEYS");
    if (!sandbox) {
      // Parsed key material, every ring version: see SandboxSecrets for why text comparison is not enough.
      SandboxSecrets.refusePassword("HPF_ADMIN_PASSWORD", password);
      SandboxSecrets.refuseBytes("HPF_FIELD_KEYS", fieldKeyVersions);
      SandboxSecrets.refuseBytes("HPF_BLIND_INDEX_KEY", Map.of(1, blindIndexKey));
      SandboxSecrets.refuseSm2("HPF_TOKEN_KEYS", tokenKeys);
      SandboxSecrets.refuseSm2("HPF_PLATFORM_KEYS", platformKeys);
      SandboxSecrets.refuseDeclaredDefaults(s);
    }
    KeyRing<byte[]> fieldKeys = ring("field-sm4", "HPF_FIELD_KEYS", fieldKeyVersions,
        s.integer("HPF_FIELD_KEY_VERSION", 1, 9999));
    return new SecurityConfig(adminUser, password, fieldKeys, blindIndexKey,
        Duration.ofSeconds(s.integer("HPF_SIGNATURE_WINDOW_SECONDS", 30, 3600)),
        ring("session", "HPF_TOKEN_KEYS", tokenKeys, s.integer("HPF_TOKEN_KEY_VERSION", 1, 9999)),
        Duration.ofMinutes(s.integer("HPF_ACCESS_TOKEN_MINUTES", 1, 120)),
        Duration.ofHours(s.integer("HPF_REFRESH_TOKEN_HOURS", 1, 720)),
        s.integer("HPF_LOGIN_MAX_FAILURES", 1, 100),
        Duration.ofMinutes(s.integer("HPF_LOGIN_LOCK_MINUTES", 1, 1440)),
        ring("platform", "HPF_PLATFORM_KEYS", platformKeys, s.integer("HPF_PLATFORM_KEY_VERSION", 1, 9999)),
        ChainSettings.from(s, sandbox));
  }

  /** SM2 private scalars, each in [1, n - 1]: a larger one would be an alias of another key. */
  private static Map<Integer, Sm2Keys.Private> sm2Keys(Settings s, String key) {
    Map<Integer, Sm2Keys.Private> keys = new HashMap<>();
    versions(s, key, 32, 32).forEach((v, d) -> {
      BigInteger scalar = new BigInteger(1, d);
      if (scalar.signum() == 0 || scalar.compareTo(Sm2.ORDER) >= 0) {
        throw ConfigException.invalid(key, "(hidden)", "version " + v + " is not an SM2 private key (1 <= d < n)");
      }
      keys.put(v, Sm2Keys.privateFromHex(HexFormat.of().formatHex(d)));
    });
    return keys;
  }

  private static <K> KeyRing<K> ring(String id, String keysKey, Map<Integer, K> versions, int current) {
    String versionKey = keysKey.replace("_KEYS", "_KEY_VERSION");
    if (!versions.containsKey(current)) {
      throw ConfigException.invalid(versionKey, String.valueOf(current),
          "one of the versions listed in " + keysKey + " " + new java.util.TreeSet<>(versions.keySet()));
    }
    return new KeyRing<>(id, versions, current);
  }

  /** {@code version:hex[,version:hex...]}; the values are never echoed in messages. */
  private static Map<Integer, byte[]> versions(Settings s, String key, int minBytes, int maxBytes) {
    Map<Integer, byte[]> keys = new HashMap<>();
    for (String entry : s.string(key).split(",")) {
      String[] parts = entry.trim().split(":", 2);
      try {
        if (parts.length == 2 && keys.put(Integer.parseInt(parts[0]), hex(key, parts[1], minBytes, maxBytes)) == null) {
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ConfigException.invalid(key, "(hidden)", "comma-separated version:key pairs, each key "
          + (minBytes * 2) + " hex characters, versions distinct");
    }
    return keys;
  }

  private static byte[] hex(String key, String text, int minBytes, int maxBytes) {
    try {
      byte[] bytes = HexFormat.of().parseHex(text.trim());
      if (bytes.length >= minBytes && bytes.length <= maxBytes) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ConfigException.invalid(key, "(hidden)", (minBytes * 2) + "-" + (maxBytes * 2) + " hex characters");
  }

  @Override
  public String toString() {
    return "SecurityConfig[adminUser=" + adminUser + ", fieldKeyVersion=" + fieldKeys.currentVersion()
        + ", tokenKeyVersion=" + tokenKeys.currentVersion() + ", signatureWindow=" + signatureWindow + "]";
  }
}
