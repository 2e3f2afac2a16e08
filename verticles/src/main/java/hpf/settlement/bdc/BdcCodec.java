package hpf.settlement.bdc;

/**
 * Messages to frames and back: XML in GBK, sealed with the session key unless the header says clear text.
 */
public final class BdcCodec {

  private BdcCodec() {}

  /** A clear frame (sign-in family, or a refusal sent before any session). */
  public static BdcFrame clear(String senderNode, TxCode code, BdcMessage message) {
    return new BdcFrame(new BdcHeader(senderNode, true, code), BdcXml.write(message));
  }

  /** An encrypted business frame. */
  public static BdcFrame sealed(String senderNode, TxCode code, BdcMessage message, byte[] sessionKey) {
    BdcHeader header = new BdcHeader(senderNode, false, code);
    return new BdcFrame(header, BdcCipher.seal(sessionKey, header, BdcXml.write(message)));
  }

  /** The message of a frame; {@code sessionKey} is needed only for an encrypted frame (null: refused). */
  public static BdcMessage read(BdcFrame frame, byte[] sessionKey) {
    byte[] body = frame.payload();
    if (!frame.header().clear()) {
      if (sessionKey == null) {
        throw new BdcException("encrypted body without a session");
      }
      body = BdcCipher.open(sessionKey, frame.header(), body);
    }
    BdcMessage message = BdcXml.read(body);
    String code = message.head("TxCode");
    if (code != null && !code.equals(frame.header().txCode().name())) {
      throw new BdcException("head TxCode differs from the header's " + frame.header().txCode());
    }
    return message;
  }
}
