package hpf.kit;

/** Start-up cannot complete; the message tells the operator what to change. The process exits non-zero. */
public final class StartupException extends RuntimeException {

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
