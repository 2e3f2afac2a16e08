package hpf.traffic;

/** A channel policy file that cannot be used; the message names the file and the key. */
public final class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }
}
