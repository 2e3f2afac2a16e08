package hpf.settlement.bdc;

import io.vertx.core.buffer.Buffer;

/**
 * One frame on the wire: the 16-byte header, a 4-byte big-endian length, and the payload (the GBK XML body, or for
 * encrypted messages its SM4-GCM sealing, see {@link BdcCipher}).
 */
public record BdcFrame(BdcHeader header, byte[] payload) {

  /** Header and length. */
  public static final int PREFIX_BYTES = BdcHeader.BYTES + 4;
  /**
   * The largest payload either side accepts (8 MiB): a batch file of tens of thousands of rows fits; a corrupt or
   * hostile length cannot make us allocate more.
   */
  public static final int MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

  public Buffer toBuffer() {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload over " + MAX_PAYLOAD_BYTES + " bytes");
    }
    return Buffer.buffer(PREFIX_BYTES + payload.length).appendBytes(header.bytes()).appendInt(payload.length)
        .appendBytes(payload);
  }
}
