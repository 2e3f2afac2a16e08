package hpf.boot;

import hpf.crypto.Sm2Keys;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoBanks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The production guard against published secrets: every ring version of every configured key is compared, as parsed
 * key material, with every secret the sandbox publishes (the documented defaults, the demo apps' and demo banks'
 * keys). Text comparison is not enough: upper-case hex, padding, or the published key kept as an older ring version
 * (the rotation procedure {@code 2:new,1:old}) are the same key to the cipher and to an attacker.
 */
final class SandboxSecrets {

  /** Every published byte secret (SM4 field key, HMAC-SM3 blind index key), HMAC-normalised. */
  private static final List<byte[]> PUBLISHED_BYTES = List.of(
      hmacKey(onlyKey(SecurityConfig.DEFAULT_FIELD_KEYS)), hmacKey(HexFormat.of().parseHex(SecurityConfig.DEFAULT_BLIND_INDEX_KEY)));

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
    List<byte[]> published = publishedSm2PublicKeys();
    new TreeMap<>(versions).forEach((version, privateKey) -> {
      byte[] given = privateKey.publicKey().encoded();
      if (published.stream().anyMatch(p -> Arrays.equals(p, given))) {
        throw refused(key, " (ring version " + version + ")");
      }
    });
  }

  private static List<byte[]> publishedSm2PublicKeys() {
    List<String> rings = List.of(SecurityConfig.DEFAULT_TOKEN_KEYS, SecurityConfig.DEFAULT_PLATFORM_KEYS);
    List<byte[]> keys = new ArrayList<>();
    rings.forEach(r -> keys.add(Sm2Keys.privateFromHex(r.split(":", 2)[1]).publicKey().encoded()));
    DemoApps.ALL.forEach(d -> keys.add(d.privateKey().publicKey().encoded()));
    DemoBanks.ALL.forEach(b -> keys.add(b.privateKey().publicKey().encoded()));
    return keys;
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
