package hpf.settlement;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What a business room does when the bank has settled one of its instructions, in the dispatcher's transaction
 * (the instruction's final state commits with it, or neither does). A room registers one per business reference
 * prefix (the part of {@code businessRef} before the first colon: {@code withdrawal}, {@code refund}, ...).
 */
public interface SettlementOutcome {

  /** A settled instruction: which, for what, at which bank, how much, which way, and the bank's serial and date. */
  record Settled(UUID instructionId, String businessRef, String bankCode, Money amount, boolean collection,
                 String hostSeqNo, LocalDate settledOn) {

    /** The business record's id: what follows the prefix in the reference. */
    public String recordId() {
      return businessRef.substring(businessRef.indexOf(':') + 1);
    }
  }

  /** The money moved: book it (e.g. payable → the bank's special account) and mark the business record. */
  Future<Void> succeeded(SqlConnection conn, Settled instruction);

  /** The bank definitely did not move it: reverse the business postings and mark the record, with the reason. */
  Future<Void> failed(SqlConnection conn, Settled instruction, String reason);
}
