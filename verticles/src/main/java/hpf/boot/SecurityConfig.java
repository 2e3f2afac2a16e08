package hpf.boot;

import hpf.crypto.KeyRing;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Secrets and security settings. The sandbox run works with documented defaults; a production run
 * ({@code HPF_SANDBOX=false}) refuses every one of them, so a default secret can never reach production.
 */
public record SecurityConfig(String adminUser, String adminPassword, KeyRing<byte[]> fieldKeys, byte[] blindIndexKey,
                             Duration signatureWindow) {

  static final String DEFAULT_ADMIN_PASSWORD = "hpf-sandbox-operator";
  static final String DEFAULT_FIELD_KEYS = "1:5a1d0c0ffee0b1e55ed5a1d0c0ffee01";
  static final String DEFAULT_BLIND_INDEX_KEY = "b11d1dec5a1d0c0ffee0b1e55ed5a1d0";

  static SecurityConfig from(Settings s, boolean sandbox) {
    String adminUser = s.string("HPF_ADMIN_USER");
    if (!adminUser.matches("[A-Za-z0-9._-]{3,64}")) {
      throw ConfigException.invalid("HPF_ADMIN_USER", adminUser, "3-64 letters, digits, '.', '_' or '-'");
    }
    String password = s.string("HPF_ADMIN_PASSWORD");
    if (password.length() < 12) {
      throw new ConfigException("HPF_ADMIN_PASSWORD", "too short; allowed: a secret of at least 12 characters");
    }
    String fieldKeysText = s.string("HPF_FIELD_KEYS");
    String indexKeyText = s.string("HPF_BLIND_INDEX_KEY");
    if (!sandbox) {
      refuseDefault("HPF_ADMIN_PASSWORD", password, DEFAULT_ADMIN_PASSWORD);
      refuseDefault("HPF_FIELD_KEYS", fieldKeysText, DEFAULT_FIELD_KEYS);
      refuseDefault("HPF_BLIND_INDEX_KEY", indexKeyText, DEFAULT_BLIND_INDEX_KEY);
    }
    Map<Integer, byte[]> versions = fieldKeys(fieldKeysText);
    int current = s.integer("HPF_FIELD_KEY_VERSION", 1, 9999);
    if (!versions.containsKey(current)) {
      throw ConfigException.invalid("HPF_FIELD_KEY_VERSION", String.valueOf(current),
          "one of the versions listed in HPF_FIELD_KEYS " + versions.keySet());
    }
    KeyRing<byte[]> fieldKeys = new KeyRing<>("field-sm4", versions, current);
    return new SecurityConfig(adminUser, password, fieldKeys, hex("HPF_BLIND_INDEX_KEY", indexKeyText, 16, 32),
        Duration.ofSeconds(s.integer("HPF_SIGNATURE_WINDOW_SECONDS", 30, 3600)));
  }

  private static void refuseDefault(String key, String value, String sandboxDefault) {
    if (value.equals(sandboxDefault)) {
      throw new ConfigException(key, "the documented sandbox default cannot be used when HPF_SANDBOX=false;"
          + " allowed: a secret of your own");
    }
  }

  private static Map<Integer, byte[]> fieldKeys(String text) {
    Map<Integer, byte[]> keys = new HashMap<>();
    for (String entry : text.split(",")) {
      String[] parts = entry.trim().split(":", 2);
      try {
        if (parts.length == 2 && keys.put(Integer.parseInt(parts[0]), hex("HPF_FIELD_KEYS", parts[1], 16, 16)) == null) {
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ConfigException.invalid("HPF_FIELD_KEYS", "(hidden)",
          "comma-separated version:key pairs, each key 32 hex characters (SM4-128), versions distinct");
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
        + ", signatureWindow=" + signatureWindow + "]";
  }
}
