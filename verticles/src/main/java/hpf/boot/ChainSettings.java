package hpf.boot;

import hpf.crypto.KeyRing;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The audit and evidence chains' secrets and checkpoint rhythm: the HMAC-SM3 key ring that keys every record's hash
 * (HPF_CHAIN_KEYS, current HPF_CHAIN_KEY_VERSION) and how often a signed checkpoint is anchored outside the database
 * (every HPF_CHAIN_CHECKPOINT_RECORDS records or HPF_CHAIN_CHECKPOINT_MINUTES minutes).
 */
public record ChainSettings(KeyRing<byte[]> keys, int checkpointRecords, Duration checkpointInterval) {

  static final String DEFAULT_KEYS = "1:c4a1de5a1d0c0ffee0b1e55ed5a1d0c4a1de5a1d0c0ffee0b1e55ed5a1d0c4a1";

  static ChainSettings from(Settings s, boolean sandbox) {
    Map<Integer, byte[]> keys = parse(s.string("HPF_CHAIN_KEYS"));
    if (!sandbox) {
      // Parsed bytes, not text: the published key in upper case or kept as an older version is still published.
      byte[] published = parse(DEFAULT_KEYS).get(1);
      if (keys.values().stream().anyMatch(key -> MessageDigest.isEqual(key, published))) {
        throw new ConfigException("HPF_CHAIN_KEYS", "the documented sandbox default cannot be used when HPF_SANDBOX=false"
            + " (in any version of the ring, in any spelling); allowed: a secret of your own");
      }
    }
    int current = s.integer("HPF_CHAIN_KEY_VERSION", 1, 9999);
    if (!keys.containsKey(current)) {
      throw ConfigException.invalid("HPF_CHAIN_KEY_VERSION", String.valueOf(current),
          "one of the versions listed in HPF_CHAIN_KEYS " + new java.util.TreeSet<>(keys.keySet()));
    }
    return new ChainSettings(new KeyRing<>("chain", keys, current), s.integer("HPF_CHAIN_CHECKPOINT_RECORDS", 1, 1_000_000),
        Duration.ofMinutes(s.integer("HPF_CHAIN_CHECKPOINT_MINUTES", 1, 1440)));
  }

  /** {@code version:hex[,version:hex...]}, each key 16-64 bytes; the values are never echoed in messages. */
  private static Map<Integer, byte[]> parse(String text) {
    Map<Integer, byte[]> keys = new HashMap<>();
    for (String entry : text.split(",")) {
      String[] parts = entry.trim().split(":", 2);
      try {
        byte[] key = parts.length == 2 ? HexFormat.of().parseHex(parts[1].trim()) : new byte[0];
        int version = Integer.parseInt(parts[0].trim());
        if (key.length >= 16 && key.length <= 64 && version >= 1 && keys.put(version, key) == null) {
          continue;
        }
      } catch (IllegalArgumentException e) {
        // reported below (NumberFormatException is one)
      }
      throw ConfigException.invalid("HPF_CHAIN_KEYS", "(hidden)",
          "comma-separated version:key pairs, each key 32-128 hex characters, versions distinct");
    }
    return keys;
  }

  @Override
  public String toString() {
    return "ChainSettings[keyVersion=" + keys.currentVersion() + ", checkpointRecords=" + checkpointRecords
        + ", checkpointInterval=" + checkpointInterval + "]";
  }
}
