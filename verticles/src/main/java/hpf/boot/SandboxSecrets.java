package hpf.boot;

import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production guard against published secrets: every ring version of every configured key is compared, as parsed
 * key material, with every secret the sandbox publishes (the documented defaults, the demo apps' and demo banks'
 * keys, see PublishedKeys). Text comparison is not enough: upper-case hex, padding, or the published key kept as an older ring version
 * (the rotation procedure {@code 2:new,1:old}) are the same key to the cipher and to an attacker.
 */
final class SandboxSecrets {

  /** Every published byte secret (SM4 field key, HMAC-SM3 blind index key), HMAC-normalised. */
  private static final List<byte[]> PUBLISHED_BYTES = List.of(hmacKey(onlyKey(SecurityConfig.DEFAULT_FIELD_KEYS)),
      hmacKey(HexFormat.of().parseHex(SecurityConfig.DEFAULT_BLIND_INDEX_KEY)));

  private static final Pattern SECRET_NAME = Pattern.compile("HPF_[A-Z0-9_]*(_KEY|_KEYS|_PASSWORD|_SECRET|_SECRETS)");
  private static final Pattern VERSIONED = Pattern.compile("([0-9]{1,4})\\s*:(.*)");

  private SandboxSecrets() {}

  /** Refuses the published operator password in any letter case. */
  static void refusePassword(String key, String password) {
    if (password.trim().equalsIgnoreCase(SecurityConfig.DEFAULT_ADMIN_PASSWORD)) {
      throw refused(key, "");
    }
  }

  /**
   * Refuses a byte key equal to a published one. HMAC pads a short key with zero bytes, so {@code k} and
   * {@code k || 00} are the same HMAC key: trailing zeros are ignored in the comparison.
   */
  static void refuseBytes(String key, Map<Integer, byte[]> versions) {
    new TreeMap<>(versions).forEach((version, bytes) -> {
      byte[] given = hmacKey(bytes);
      if (PUBLISHED_BYTES.stream().anyMatch(p -> Arrays.equals(p, given))) {
        throw refused(key, " (ring version " + version + ")");
      }
    });
  }

  /** Refuses an SM2 private key whose public key is a published one (a scalar d and d + n sign alike). */
  static void refuseSm2(String key, Map<Integer, Sm2Keys.Private> versions) {
    new TreeMap<>(versions).forEach((version, privateKey) -> {
      if (PublishedKeys.isPublished(privateKey)) {
        throw refused(key, " (ring version " + version + ")");
      }
    });
  }

  /**
   * The net under the specific checks, for secrets declared later: every setting named like a secret (…_KEY, …_KEYS,
   * …_PASSWORD, …_SECRET) is compared, entry by entry, with every non-trivial default of such a setting.
   */
  static void refuseDeclaredDefaults(Settings settings) {
    Map<String, String> defaults = Settings.declaredDefaults();
    List<byte[]> published = new ArrayList<>();
    defaults.forEach((key, value) -> {
      if (SECRET_NAME.matcher(key).matches()) {
        entries(value).values().stream().filter(m -> m.length >= 8).forEach(published::add);
      }
    });
    new TreeMap<>(defaults).keySet().stream().filter(k -> SECRET_NAME.matcher(k).matches()).forEach(key ->
        entries(settings.string(key)).forEach((label, material) -> {
          if (published.stream().anyMatch(p -> Arrays.equals(p, material))) {
            throw refused(key, label);
          }
        }));
  }

  /** A value's entries ({@code version:material}, comma-separated), each as hex bytes or else lower-case text. */
  private static Map<String, byte[]> entries(String value) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (value.isBlank()) {
      return entries;
    }
    for (String entry : value.split(",")) {
      Matcher versioned = VERSIONED.matcher(entry.trim());
      String label = versioned.matches() ? " (ring version " + versioned.group(1) + ")" : "";
      String material = versioned.matches() ? versioned.group(2).trim() : entry.trim();
      byte[] bytes;
      try {
        bytes = hmacKey(HexFormat.of().parseHex(material));
      } catch (IllegalArgumentException notHex) {
        bytes = material.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      }
      entries.put(label.isEmpty() ? " (entry " + (entries.size() + 1) + ")" : label, bytes);
    }
    return entries;
  }

  private static ConfigException refused(String key, String where) {
    // Names the setting and the ring version, never the value.
    return new ConfigException(key, "the documented sandbox default cannot be used when HPF_SANDBOX=false" + where
        + "; allowed: a secret of your own");
  }

  private static byte[] onlyKey(String ring) {
    return HexFormat.of().parseHex(ring.split(":", 2)[1].toLowerCase(Locale.ROOT));
  }

  private static byte[] hmacKey(byte[] key) {
    int end = key.length;
    while (end > 0 && key[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(key, end);
  }
}
