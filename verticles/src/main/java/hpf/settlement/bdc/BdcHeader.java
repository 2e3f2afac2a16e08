package hpf.settlement.bdc;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The 16-byte ASCII header in front of every frame: sender node (6: the center's {@code C} + 5 digits of its division
 * code, a bank's 3-digit code + {@code 000}), type flag (1: {@code 1} clear sign-in traffic, {@code 0} encrypted
 * business; a bank's refusal of a business message before any session is clear too), transaction code left-aligned and space-padded to 7, and 2 pad spaces.
 */
public record BdcHeader(String senderNode, boolean clear, TxCode txCode) {

  public static final int BYTES = 16;
  private static final Pattern NODE = Pattern.compile("[A-Z0-9]{6}");

  public BdcHeader {
    if (senderNode == null || !NODE.matcher(senderNode).matches()) {
      throw new IllegalArgumentException("a sender node is 6 upper-case letters or digits");
    }
  }

  public byte[] bytes() {
    String code = txCode.name();
    return (senderNode + (clear ? '1' : '0') + code + " ".repeat(7 - code.length()) + "  ")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the 16 bytes at {@code offset}; anything but the format above is a {@link BdcException}. */
  public static BdcHeader parse(byte[] bytes, int offset) {
    if (bytes.length - offset < BYTES) {
      throw new BdcException("header shorter than 16 bytes");
    }
    for (int i = offset; i < offset + BYTES; i++) {
      if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
        throw new BdcException("header is not printable ASCII");
      }
    }
    String text = new String(bytes, offset, BYTES, StandardCharsets.US_ASCII);
    String node = text.substring(0, 6);
    if (!NODE.matcher(node).matches()) {
      throw new BdcException("header sender node is not 6 upper-case letters or digits");
    }
    char flag = text.charAt(6);
    if (flag != '0' && flag != '1') {
      throw new BdcException("header type flag is neither 0 nor 1");
    }
    if (!text.substring(14).equals("  ")) {
      throw new BdcException("header pad bytes are not spaces");
    }
    String code = text.substring(7, 14).stripTrailing();
    TxCode txCode = TxCode.find(code).orElseThrow(() -> new BdcException("unknown transaction code " + code));
    // A business code may come back in clear text (a refusal before any session, e.g. "not signed in"); a
    // sign-in-family code is never encrypted.
    if (txCode.clear() && flag == '0') {
      throw new BdcException("transaction " + code + " is never encrypted");
    }
    return new BdcHeader(node, flag == '1', txCode);
  }
}
