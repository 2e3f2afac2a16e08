package hpf.settlement.bdc;

import io.vertx.core.buffer.Buffer;

/**
 * Collects the bytes of one frame as they arrive over a connection (one frame per direction per connection). Memory
 * is bounded: the length is checked against {@link BdcFrame#MAX_PAYLOAD_BYTES} as soon as the prefix is in, and
 * bytes beyond the frame are an error rather than buffered.
 */
public final class FrameDecoder {

  private final Buffer pending = Buffer.buffer();
  private BdcHeader header;
  private int length = -1;
  private boolean done;

  /**
   * Adds bytes; answers the frame once complete, else null. A bad header, a length over the cap or bytes after the
   * frame throw {@link BdcException}.
   */
  public BdcFrame feed(Buffer chunk) {
    if (done) {
      throw new BdcException("bytes after the end of the frame");
    }
    pending.appendBuffer(chunk);
    if (length < 0 && pending.length() >= BdcFrame.PREFIX_BYTES) {
      header = BdcHeader.parse(pending.getBytes(0, BdcHeader.BYTES), 0);
      int declared = pending.getInt(BdcHeader.BYTES);
      if (declared < 0 || declared > BdcFrame.MAX_PAYLOAD_BYTES) {
        throw new BdcException("declared body length " + Integer.toUnsignedString(declared) + " is over the cap of "
            + BdcFrame.MAX_PAYLOAD_BYTES + " bytes");
      }
      length = declared;
    }
    if (length < 0 || pending.length() < BdcFrame.PREFIX_BYTES + length) {
      return null;
    }
    if (pending.length() > BdcFrame.PREFIX_BYTES + length) {
      throw new BdcException("bytes after the end of the frame");
    }
    done = true;
    return new BdcFrame(header, pending.getBytes(BdcFrame.PREFIX_BYTES, BdcFrame.PREFIX_BYTES + length));
  }

  /** How many bytes arrived so far (to say "short read: 12 of 20 bytes" when the connection ends early). */
  public int received() {
    return pending.length();
  }

  /** True once a complete frame has been read. */
  public boolean complete() {
    return done;
  }
}
