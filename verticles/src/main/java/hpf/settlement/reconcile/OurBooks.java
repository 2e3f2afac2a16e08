package hpf.settlement.reconcile;

import hpf.kit.Money;
import hpf.ledger.AccountDay;
import hpf.ledger.Ledger;
import hpf.settlement.PartnerBanks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our side of a bank's day: the instructions sent through that bank that ended SUCCEEDED that day (Beijing time),
 * and the money our books received on its special account ({@code BANK:<code>}) that day, read through the
 * ledger's and the account room's public queries. Payments booked by the dispatcher (key {@code settled:…}) are
 * the instructions themselves; a receipt and its reversal cancel out and are left out.
 */
final class OurBooks {

  /** Both sides of the day as we see them, and the center's account number at the bank. */
  record Day(String accountNo, List<Matching.OurInstruction> instructions, List<Matching.OurReceipt> receipts) {}

  private final Pool pool;
  private final ReceivedReferences references;

  OurBooks(Pool pool, ReceivedReferences references) {
    this.references = references;
    this.pool = pool;
  }

  /** The center's special account at an active partner bank, or null when there is none. */
  Future<String> centerAccount(String bankCode) {
    return pool.preparedQuery("""
            SELECT center_account_no FROM partner_bank
             WHERE bank_code = $1 AND status = 'ACTIVE' AND center_account_no IS NOT NULL""")
        .execute(Tuple.of(bankCode))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("center_account_no"));
  }

  /** The day's successes, each by the serial the bank booked it under (a batch row's bank serial). */
  Future<List<Matching.OurInstruction>> instructions(String bankCode, LocalDate date) {
    return pool.preparedQuery("""
            SELECT coalesce(bank_serial, serial_no) AS serial_no, business_ref, direction, amount, host_seq_no FROM settlement_instruction
             WHERE paying_bank = $1 AND status = 'SUCCEEDED'
               AND finished_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
               AND finished_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
             ORDER BY finished_at, serial_no""")
        .execute(Tuple.of(bankCode, date))
        .map(rows -> {
          List<Matching.OurInstruction> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Matching.OurInstruction(r.getString("serial_no"), r.getString("business_ref"),
              !"COLLECT".equals(r.getString("direction")), Money.of(r.getBigDecimal("amount")),
              r.getString("host_seq_no"))));
          return out;
        });
  }

  /** Receipts: debits (money in) of the special account, not the dispatcher's bookings, not reversed. */
  Future<List<Matching.OurReceipt>> receipts(String bankCode, LocalDate date) {
    return AccountDay.entries(pool, PartnerBanks.specialAccount(bankCode), date).compose(entries -> {
      List<AccountDay.Booked> receipts = entries.stream()
          .filter(e -> e.side() == Ledger.Side.DEBIT && !e.idempotencyKey().startsWith("settled:")
              && !e.idempotencyKey().startsWith("opening:")
              && !e.reversed() && !e.reversal())
          .toList();
      return references.byLedgerTransaction(pool, receipts.stream().map(AccountDay.Booked::txnId).toList())
          .map(references -> receipts.stream().map(e -> new Matching.OurReceipt(e.businessRef(), e.amount(),
              references.get(e.txnId()))).toList());
    });
  }

  /** What we know of serials the bank booked that are not among the day's successes: status and date, for notes. */
  Future<Map<String, String>> known(List<String> serials) {
    if (serials.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("""
            SELECT coalesce(bank_serial, serial_no) AS serial_no, status,
                   (finished_at AT TIME ZONE 'Asia/Shanghai')::date AS finished_on
              FROM settlement_instruction WHERE serial_no = ANY ($1) OR bank_serial = ANY ($1)""")
        .execute(Tuple.of(serials.toArray(new String[0])))
        .map(rows -> {
          Map<String, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("serial_no"), r.getString("status")
              + (r.getLocalDate("finished_on") == null ? "" : " " + r.getLocalDate("finished_on"))));
          return out;
        });
  }
}
