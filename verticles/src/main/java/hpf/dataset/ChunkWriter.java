package hpf.dataset;

import hpf.account.AccountRows;
import hpf.identity.PersonRows;
import hpf.kit.CopyFormat;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerRows;
import hpf.settlement.InstructionRows;
import hpf.withdrawal.ApplicationRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a chunk with COPY into the platform's own tables, in foreign-key order, inside the caller's transaction,
 * through the row formats their owner rooms publish. The rows are those the rooms write one by one (hpf.account employers, members and remittance lists,
 * hpf.identity people, hpf.ledger postings, hpf.settlement instructions, hpf.withdrawal applications, and the loans
 * of {@link LoanWriter}); the database's
 * constraints and its append-only and balanced-at-commit triggers check them all the same.
 */
final class ChunkWriter {

  /** The channel recorded on generated withdrawal applications. */
  static final String APP_ID = "hpf-dataset";

  private final Connection connection;
  private final CopyManager copyManager;
  private final Map<String, Long> counts = new TreeMap<>();
  private final OffsetDateTime balancesAt;
  private final String paidThrough;

  private final hpf.review.ReviewRows.Flow loanFlow;

  ChunkWriter(Connection connection, DatasetSpec spec, hpf.review.ReviewRows.Flow loanFlow) throws SQLException {
    this.loanFlow = loanFlow;
    this.connection = connection;
    this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    this.balancesAt = at(spec.through().atEndOfMonth(), 18, "balances");
    this.paidThrough = spec.through().toString();
  }

  /** Rows written so far, by table. */
  Map<String, Long> counts() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  void write(Rows.Chunk chunk) throws SQLException {
    copy(AccountRows.EMPLOYER, rows -> {
      for (Rows.Employer e : chunk.employers) {
        AccountRows.employer(rows, e.employerId(), e.creditCode(), e.name(), "01", e.ratio(), e.openedOn(), paidThrough,
            at(e.openedOn(), 9, e.employerId()));
      }
    });
    copy(PersonRows.PERSON, rows -> {
      for (Rows.Person p : chunk.persons) {
        PersonRows.person(rows, p.personId, p.name, p.idNumberEnc, p.idNumberIdx, p.phoneEnc, p.phoneIdx,
            at(p.registeredOn, 9, p.personId));
      }
    });
    copy(LedgerRows.ACCOUNT, rows -> {
      for (Rows.Account a : chunk.accounts) {
        LedgerRows.account(rows, a.ledgerAccount(), "MEMBER", Ledger.Side.CREDIT, false, "个人账户 " + a.accountNo,
            at(a.openedOn, 9, a.accountNo));
      }
    });
    copy(LedgerRows.BALANCE, rows -> {
      for (Rows.Account a : chunk.accounts) {
        LedgerRows.balance(rows, a.ledgerAccount(), a.balance, balancesAt);
      }
    });
    copy(AccountRows.MEMBER_ACCOUNT, rows -> {
      for (Rows.Account a : chunk.accounts) {
        Rows.Stint now = a.current();
        AccountRows.memberAccount(rows, a.accountNo, a.person.personId, now.employer.employerId(), a.sealed ? "02" : "01",
            now.monthly, a.openedOn, a.ledgerAccount(), at(a.openedOn, 9, a.accountNo));
      }
    });
    copy(AccountRows.BANK_CARD, rows -> {
      for (Rows.Card c : chunk.cards) {
        AccountRows.bankCard(rows, c.cardId, c.person.personId, c.bankCode(), c.numberEnc, c.numberIdx,
            at(c.boundOn, 11, String.valueOf(c.cardId)));
      }
    });
    LoanWriter loans = new LoanWriter(connection, this::copy, loanFlow);
    loans.openAccounts(chunk);
    writeLedger(chunk);
    writeRemittances(chunk);
    writeWithdrawals(chunk);
    loans.write(chunk);
  }

  private void writeLedger(Rows.Chunk chunk) throws SQLException {
    copy(LedgerRows.TRANSACTION, rows -> {
      for (int i = 0; i < chunk.transactions.size(); i++) {
        Rows.Transaction t = chunk.transactions.get(i);
        LedgerRows.transaction(rows, t.txnId(), t.posting(), t.reverses(), t.postedAt(), chunk.fingerprints[i]);
      }
    });
    copy(LedgerRows.ENTRY, rows -> {
      for (Rows.Transaction t : chunk.transactions) {
        LedgerRows.entries(rows, t.txnId(), t.posting());
      }
    });
  }

  private void writeRemittances(Rows.Chunk chunk) throws SQLException {
    copy(AccountRows.REMITTANCE, rows -> {
      for (Rows.Remittance r : chunk.remittances) {
        AccountRows.remittance(rows, r.employer().employerId(), r.month(), "PAID", r.total(), r.lines().size(),
            r.createdAt(), r.paidAt(), r.txnId());
      }
    });
    copy(AccountRows.REMITTANCE_LINE, rows -> {
      for (Rows.Remittance r : chunk.remittances) {
        for (Rows.Line line : r.lines()) {
          AccountRows.remittanceLine(rows, r.employer().employerId(), r.month(), line.account().accountNo,
              line.monthly().employerShare(), line.monthly().memberShare());
        }
      }
    });
  }

  /** Applications and their payment instructions (BusType 02, serial number as hpf.settlement derives it). */
  private void writeWithdrawals(Rows.Chunk chunk) throws SQLException {
    copy(InstructionRows.INSTRUCTION, rows -> {
      for (Rows.Withdrawal w : chunk.withdrawals) {
        OffsetDateTime changed = w.cancelled() ? w.cancelledAt() : w.appliedAt();
        // Due from when it was written (not the time of generation): the same seed, the same rows.
        InstructionRows.toCard(rows, w.instructionId(), "02", w.card().bankCode(), w.card().cardId,
            w.account().person.name, w.amount(), w.cancelled() ? "CANCELLED" : "PENDING",
            "withdrawal:" + w.applicationId(), w.appliedAt(), changed, w.appliedAt());
      }
    });
    copy(ApplicationRows.APPLICATION, rows -> {
      for (Rows.Withdrawal w : chunk.withdrawals) {
        ApplicationRows.application(rows, w.applicationId(), w.account().person.personId, w.account().accountNo, "07",
            w.amount(), w.cancelled() ? "CANCELLED" : "APPROVED", APP_ID, w.txnId(), w.instructionId(), w.appliedAt(),
            w.cancelled() ? w.cancelledAt() : w.appliedAt());
      }
    });
  }

  @FunctionalInterface
  interface RowSource {
    void write(CopyRows rows) throws SQLException;
  }

  void copy(CopyFormat format, RowSource source) throws SQLException {
    CopyRows rows = CopyRows.into(copyManager, format);
    try {
      source.write(rows);
      counts.merge(format.table(), rows.finish(), Long::sum);
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
