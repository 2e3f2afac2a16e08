package hpf.crypto;

/** Input that fails a cryptographic check: bad tag, bad padding, malformed signature or key. */
public final class CryptoException extends RuntimeException {

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
