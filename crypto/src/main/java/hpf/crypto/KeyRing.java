package hpf.crypto;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Versioned keys under one id (e.g. {@code field-sm4}): new data uses the current version, old data names
 * the version it was made with, so keys rotate without a stop. Holds key material; never printed.
 */
public final class KeyRing<K> {

  private final String id;
  private final NavigableMap<Integer, K> versions;
  private final int current;

  public KeyRing(String id, Map<Integer, K> versions, int current) {
    if (!versions.containsKey(current)) {
      throw new IllegalArgumentException("key ring " + id + " has no version " + current);
    }
    this.id = id;
    this.versions = new TreeMap<>(versions);
    this.current = current;
  }

  public String id() {
    return id;
  }

  public int currentVersion() {
    return current;
  }

  public K current() {
    return versions.get(current);
  }

  /** The key of a version, or a {@link CryptoException} naming the ring when it is not held here. */
  public K version(int version) {
    K key = versions.get(version);
    if (key == null) {
      throw new CryptoException("key ring " + id + " does not hold version " + version);
    }
    return key;
  }

  /** The same ring with one more version made current; the older versions stay for reading. */
  public KeyRing<K> withNewVersion(int version, K key) {
    Map<Integer, K> more = new TreeMap<>(versions);
    if (more.putIfAbsent(version, key) != null) {
      throw new IllegalArgumentException("key ring " + id + " already has version " + version);
    }
    return new KeyRing<>(id, more, version);
  }

  /** The same ring with every version's key transformed, e.g. private keys to their public keys. */
  public <T> KeyRing<T> map(java.util.function.Function<K, T> transform) {
    Map<Integer, T> mapped = new TreeMap<>();
    versions.forEach((version, key) -> mapped.put(version, transform.apply(key)));
    return new KeyRing<>(id, mapped, current);
  }

  @Override
  public String toString() {
    return "KeyRing[" + id + ", versions=" + versions.keySet() + ", current=" + current + "]";
  }
}
