package hpf.dataset;

import hpf.ledger.Ledger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a chunk with COPY into the platform's own tables, in foreign-key order, inside the caller's transaction.
 * The rows are those the rooms write one by one (hpf.account employers, members and remittance lists,
 * hpf.identity people, hpf.ledger postings, hpf.settlement instructions, hpf.withdrawal applications); the database's
 * constraints and its append-only and balanced-at-commit triggers check them all the same.
 */
final class ChunkWriter {

  /** The channel recorded on generated withdrawal applications. */
  static final String APP_ID = "hpf-dataset";

  private final CopyManager copyManager;
  private final Map<String, Long> counts = new TreeMap<>();
  private final OffsetDateTime balancesAt;
  private final String paidThrough;

  ChunkWriter(Connection connection, DatasetSpec spec) throws SQLException {
    this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    this.balancesAt = at(spec.through().atEndOfMonth(), 18, "balances");
    this.paidThrough = spec.through().toString();
  }

  /** Rows written so far, by table. */
  Map<String, Long> counts() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  void write(Rows.Chunk chunk) throws SQLException {
    copy("employer", "employer_id, credit_code, name, status, employer_ratio, member_ratio, opened_on, paid_through, created_at",
        rows -> {
          for (Rows.Employer e : chunk.employers) {
            rows.add(e.employerId()).add(e.creditCode()).add(e.name()).add("01").add(e.ratio().toPlainString())
                .add(e.ratio().toPlainString()).add(e.openedOn()).add(paidThrough).add(at(e.openedOn(), 9, e.employerId())).row();
          }
        });
    copy("person", "person_id, name, id_number_enc, id_number_idx, phone_enc, phone_idx, created_at", rows -> {
      for (Rows.Person p : chunk.persons) {
        rows.add(p.personId).add(p.name).add(p.idNumberEnc).add(p.idNumberIdx).add(p.phoneEnc).add(p.phoneIdx)
            .add(at(p.registeredOn, 9, p.personId)).row();
      }
    });
    copy("ledger_account", "account_id, kind, normal_side, allow_negative, name, created_at", rows -> {
      for (Rows.Account a : chunk.accounts) {
        rows.add(a.ledgerAccount()).add("MEMBER").add("CREDIT").add(false).add("个人账户 " + a.accountNo)
            .add(at(a.openedOn, 9, a.accountNo)).row();
      }
    });
    copy("ledger_balance", "account_id, balance, updated_at", rows -> {
      for (Rows.Account a : chunk.accounts) {
        rows.add(a.ledgerAccount()).add(a.balance).add(balancesAt).row();
      }
    });
    copy("member_account", "account_no, person_id, employer_id, status, base, monthly_employer, monthly_member, opened_on, "
        + "ledger_account, created_at", rows -> {
          for (Rows.Account a : chunk.accounts) {
            Rows.Stint now = a.current();
            rows.add(a.accountNo).add(a.person.personId).add(now.employer.employerId()).add(a.sealed ? "02" : "01")
                .add(now.monthly.base()).add(now.monthly.employerShare()).add(now.monthly.memberShare()).add(a.openedOn)
                .add(a.ledgerAccount()).add(at(a.openedOn, 9, a.accountNo)).row();
          }
        });
    copy("bank_card", "card_id, person_id, bank_code, card_enc, card_idx, bound_at", rows -> {
      for (Rows.Card c : chunk.cards) {
        rows.add(c.cardId).add(c.person.personId).add(c.bankCode()).add(c.numberEnc).add(c.numberIdx)
            .add(at(c.boundOn, 11, String.valueOf(c.cardId))).row();
      }
    });
    writeLedger(chunk);
    writeRemittances(chunk);
    writeWithdrawals(chunk);
  }

  private void writeLedger(Rows.Chunk chunk) throws SQLException {
    copy("ledger_transaction", "txn_id, business_type, business_ref, idempotency_key, business_date, reverses, memo, "
        + "posted_at, fingerprint", rows -> {
          for (int i = 0; i < chunk.transactions.size(); i++) {
            Rows.Transaction t = chunk.transactions.get(i);
            Ledger.Posting p = t.posting();
            rows.add(t.txnId()).add(p.businessType()).add(p.businessRef()).add(p.idempotencyKey()).add(p.businessDate())
                .add(t.reverses()).add(p.memo()).add(t.postedAt()).add(chunk.fingerprints[i]).row();
          }
        });
    copy("ledger_entry", "txn_id, account_id, side, amount", rows -> {
      for (Rows.Transaction t : chunk.transactions) {
        for (Ledger.Entry e : t.posting().entries()) {
          rows.add(t.txnId()).add(e.accountId()).add(e.side()).add(e.amount()).row();
        }
      }
    });
  }

  private void writeRemittances(Rows.Chunk chunk) throws SQLException {
    copy("remittance", "employer_id, month, status, total, member_count, created_at, paid_at, ledger_txn", rows -> {
      for (Rows.Remittance r : chunk.remittances) {
        rows.add(r.employer().employerId()).add(r.month()).add("PAID").add(r.total()).add(r.lines().size())
            .add(r.createdAt()).add(r.paidAt()).add(r.txnId()).row();
      }
    });
    copy("remittance_line", "employer_id, month, account_no, employer_share, member_share", rows -> {
      for (Rows.Remittance r : chunk.remittances) {
        for (Rows.Line line : r.lines()) {
          rows.add(r.employer().employerId()).add(r.month()).add(line.account().accountNo)
              .add(line.monthly().employerShare()).add(line.monthly().memberShare()).row();
        }
      }
    });
  }

  /** Applications and their payment instructions (BusType 02, serial number as hpf.settlement derives it). */
  private void writeWithdrawals(Rows.Chunk chunk) throws SQLException {
    copy("settlement_instruction", "instruction_id, serial_no, bus_type, bank_code, payee_card_id, payee_name, amount, "
        + "status, business_ref, created_at, updated_at, next_at", rows -> {
          for (Rows.Withdrawal w : chunk.withdrawals) {
            String serial = "HPF" + w.instructionId().toString().replace("-", "").substring(0, 24).toUpperCase(Locale.ROOT);
            rows.add(w.instructionId()).add(serial).add("02").add(w.card().bankCode()).add(w.card().cardId)
                .add(w.account().person.name).add(w.amount()).add(w.cancelled() ? "CANCELLED" : "PENDING")
                .add("withdrawal:" + w.applicationId()).add(w.appliedAt())
                .add(w.cancelled() ? w.cancelledAt() : w.appliedAt())
                // Due from when it was written (not the time of generation): the same seed, the same rows.
                .add(w.appliedAt()).row();
          }
        });
    copy("withdrawal_application", "application_id, person_id, account_no, reason, amount, status, app_id, ledger_txn, "
        + "instruction_id, created_at, updated_at", rows -> {
          for (Rows.Withdrawal w : chunk.withdrawals) {
            rows.add(w.applicationId()).add(w.account().person.personId).add(w.account().accountNo).add("07")
                .add(w.amount()).add(w.cancelled() ? "CANCELLED" : "APPROVED").add(APP_ID).add(w.txnId())
                .add(w.instructionId()).add(w.appliedAt()).add(w.cancelled() ? w.cancelledAt() : w.appliedAt()).row();
          }
        });
  }

  @FunctionalInterface
  private interface RowSource {
    void write(CopyRows rows) throws SQLException;
  }

  private void copy(String table, String columns, RowSource source) throws SQLException {
    CopyRows rows = CopyRows.into(copyManager, table, columns);
    try {
      source.write(rows);
      counts.merge(table, rows.finish(), Long::sum);
    } catch (SQLException | RuntimeException e) {
      rows.cancel();
      throw e;
    }
  }

  /** When a row was written: during business hours of its day, at a moment of its own. */
  private static OffsetDateTime at(LocalDate day, int hour, String rowKey) {
    return Draws.moment(day, hour, rowKey.hashCode());
  }
}
