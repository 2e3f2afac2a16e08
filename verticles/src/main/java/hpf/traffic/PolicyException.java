package hpf.traffic;

/** A channel policy (a file, or an operator's change) that cannot be used; the message names the file and the key. */
public final class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;

  public PolicyException(String message) {
    this(message, null, message);
  }

  PolicyException(String message, String key, String reason) {
    super(message);
    this.key = key;
    this.reason = reason;
  }

  /** The policy key at fault (e.g. {@code perMember.createSession.limit}); null when the whole file is. */
  public String key() {
    return key;
  }

  /** What is wrong with it, without the file's name. */
  public String reason() {
    return reason;
  }
}
