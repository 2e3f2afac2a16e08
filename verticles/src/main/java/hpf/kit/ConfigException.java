package hpf.kit;

/** A configuration value that cannot be used; start-up stops with a message naming the key and what is allowed. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public static ConfigException invalid(String key, String shownValue, String allowed) {
    return new ConfigException(key, "invalid value '" + shownValue + "'; allowed: " + allowed);
  }

  public String key() {
    return key;
  }
}
