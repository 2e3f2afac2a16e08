package hpf.settlement.inbound;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;

/**
 * Where money a bank notified as received is booked (the account room pays the list it names, or parks it in
 * suspense): the port the settlement room owns, so it reaches the account room only through it.
 */
public interface IncomingMoney {

  /** An incoming booking as the bank notified it; {@code payerBank} is the payer's bank code (3 digits). */
  record Incoming(String bankCode, String hostSeqNo, String payerBank, String payerName, String payerAccountNo,
                  Money amount, LocalDate valueDate, String summary) {}

  /** What the money paid: {@code REMITTANCE_PAID}, {@code SUPPLEMENT_PAID} or {@code SUSPENSE}, its reference, why. */
  record Matched(String outcome, String ref, String detail) {}

  /** Books the money in the caller's transaction. */
  Future<Matched> receive(SqlConnection conn, Incoming incoming);
}
