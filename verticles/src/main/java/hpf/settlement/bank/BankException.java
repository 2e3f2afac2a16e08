package hpf.settlement.bank;

/**
 * A bank call that gave no business answer. The kind decides what the dispatcher may do: NOT_SENT may be sent
 * again (same serial), UNCERTAIN may only be asked about ({@link BankGateway#query}), REFUSED is a protocol-level
 * refusal (sign in again, or an operator looks). The message names the bank and transaction code, never an account.
 */
public final class BankException extends RuntimeException {

  public enum Kind { NOT_SENT, UNCERTAIN, REFUSED }

  private final Kind kind;

  public BankException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
