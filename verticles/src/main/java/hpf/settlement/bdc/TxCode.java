package hpf.settlement.bdc;

import java.util.Optional;

/**
 * The transaction codes this platform speaks (bank-protocol.md). Probe, sign-in and sign-out travel in clear text
 * (type flag '1'): they must work before a session key exists. Every other code is a business message, encrypted
 * with the session key (type flag '0'), and carries the 2018 revision's spare fields.
 */
public enum TxCode {
  SYS600(true), BDC001(true), BDC002(true),
  BDC101(false), BDC102(false), BDC103(false), BDC104(false), BDC105(false), BDC107(false), BDC108(false), BDC109(false),
  BDC110(false), BDC113(false), BDC123(false),
  /** Account change notice, the bank's push (the lead's inbound listener). */
  SBDC100(false);

  private final boolean clear;

  TxCode(boolean clear) {
    this.clear = clear;
  }

  /** True when the message travels unencrypted (no session needed). */
  public boolean clear() {
    return clear;
  }

  /** The code as it appears in the header and the TxCode head field, or empty for a code this platform does not know. */
  public static Optional<TxCode> find(String code) {
    for (TxCode c : values()) {
      if (c.name().equals(code)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
