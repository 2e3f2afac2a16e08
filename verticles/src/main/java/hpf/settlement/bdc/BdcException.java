package hpf.settlement.bdc;

/**
 * A frame or body that does not follow the protocol: bad header, length over the cap, short read, bytes that are not
 * GBK, XML that is not the message schema, an unknown transaction code, a body that does not decrypt. The message
 * says what is wrong with the frame, never what it carried.
 */
public final class BdcException extends RuntimeException {

  public BdcException(String message) {
    super(message);
  }

  public BdcException(String message, Throwable cause) {
    super(message, cause);
  }
}
