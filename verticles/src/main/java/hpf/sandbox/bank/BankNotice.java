package hpf.sandbox.bank;

import io.vertx.core.json.JsonObject;

/**
 * What a sandbox bank pushes to the center: {@code ACCOUNT_CHANGE} (SBDC100, e.g. an employer's remittance arrived on
 * the center's account), {@code TX_RESULT} (an uncertain single transaction settled) or {@code BATCH_RESULT} (a batch
 * finished). {@code fields} are the message's body fields (AcctNo, Amt, HostSeqNo, SendSeqNo, ...). The platform's
 * listener for them is settlement's; the sandbox hands them to whoever {@link SandboxBank#notices} names.
 */
public record BankNotice(String bankCode, String kind, JsonObject fields) {

  public JsonObject toJson() {
    return new JsonObject().put("bankCode", bankCode).put("kind", kind).put("fields", fields);
  }
}
