package hpf.dataset;

import hpf.account.ContributionRules;
import hpf.boot.HpfConfig;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Identifiers;
import hpf.kit.Money;
import hpf.kit.Settings;
import hpf.ledger.Reconciliation;
import hpf.policy.Policies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generator on fresh databases: complete and internally consistent data whose identifiers pass the national checks
 * and whose books reconcile, the same rows for the same seed, and a refusal (changing nothing) to load a data set twice.
 */
class DatasetGeneratorTest {

  static final FieldCipher FIELDS = fields();
  /** The platform keys of the default (sandbox) configuration: they sign the generated loan contracts. */
  static final KeyRing<Sm2Keys.Private> KEYS = HpfConfig.from(Settings.of(Map.of())).security().platformKeys();
  private static final YearMonth THROUGH = YearMonth.of(2026, 10);

  @Test
  void aDataSetIsCompleteValidReconciledAndTheSameForTheSameSeed() throws Exception {
    DatasetSpec spec = new DatasetSpec(2000, 80, 12, THROUGH, 11);
    try (ScratchDatabase a = new ScratchDatabase(); ScratchDatabase b = new ScratchDatabase();
         ScratchDatabase c = new ScratchDatabase()) {
      DatasetGenerator.Report report = generate(a, spec, DatasetGenerator.Purpose.COMMAND, false);
      generate(b, spec, DatasetGenerator.Purpose.COMMAND, false);
      generate(c, new DatasetSpec(2000, 80, 12, THROUGH, 12), DatasetGenerator.Purpose.COMMAND, false);
      try (Connection conn = a.connect()) {
        assertThat(count(conn, "SELECT count(*) FROM person")).isEqualTo(2000).isEqualTo(report.rows().get("person"));
        assertThat(count(conn, "SELECT count(*) FROM employer")).isEqualTo(80);
        assertThat(count(conn, "SELECT count(*) FROM member_account")).isEqualTo(report.rows().get("member_account"));
        assertCompleteLists(conn);
        assertPeopleAndWithdrawals(conn);
        assertIdentifiersValid(conn);
        assertContributionsFollowThePolicy(conn, policy(a));
        GeneratedLoansCheck.assertLoans(conn, FIELDS, KEYS);
      }
      Reconciliation.Report books = new Reconciliation(a.pool).run().await();
      assertThat(books.differences()).isEmpty();
      try (Connection conn = a.connect()) {
        GeneratedLoansCheck.assertRepayments(conn, a.pool, spec.lastDay(), GeneratedLoansCheck.loanBooks(a));
      }
      assertThat(books.memberBooks().isPositive()).isTrue();
      String digest = Digest.of(a);
      assertThat(Digest.of(b)).isEqualTo(digest);
      assertThat(Digest.of(c)).isNotEqualTo(digest);
      GeneratedLoansCheck.servicingTakesOver(a, spec.lastDay().plusDays(1));
    }
  }

  @Test
  void aSecondDataSetIsRefusedAndChangesNothingUnlessAddedWithAnotherSeed() throws Exception {
    DatasetSpec spec = new DatasetSpec(300, 10, 3, THROUGH, 21);
    DatasetSpec other = new DatasetSpec(300, 10, 3, THROUGH, 22);
    try (ScratchDatabase db = new ScratchDatabase()) {
      generate(db, spec, DatasetGenerator.Purpose.COMMAND, false);
      String before = Digest.of(db);
      assertThatThrownBy(() -> generate(db, spec, DatasetGenerator.Purpose.COMMAND, true))
          .isInstanceOf(DatasetGenerator.Refused.class).hasMessageContaining("seed 21");
      assertThatThrownBy(() -> generate(db, other, DatasetGenerator.Purpose.COMMAND, false))
          .isInstanceOf(DatasetGenerator.Refused.class).hasMessageContaining("--add");
      assertThatThrownBy(() -> generate(db, other, DatasetGenerator.Purpose.DEMO, false))
          .isInstanceOf(DatasetGenerator.Refused.class).hasMessageContaining("not empty");
      try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
        holder.setAutoCommit(false);
        st.execute("SELECT pg_advisory_xact_lock(hashtext('hpf.dataset'))");
        assertThatThrownBy(() -> generate(db, other, DatasetGenerator.Purpose.COMMAND, true))
            .isInstanceOf(DatasetGenerator.Refused.class).hasMessageContaining("another generation");
        holder.rollback();
      }
      assertThat(Digest.of(db)).isEqualTo(before);

      // Asked for explicitly, a data set of another seed joins the first: new people, no one twice, books balanced.
      generate(db, other, DatasetGenerator.Purpose.COMMAND, true);
      try (Connection conn = db.connect()) {
        assertThat(count(conn, "SELECT count(*) FROM person")).isEqualTo(600);
        assertThat(count(conn, "SELECT count(*) FROM dataset_run")).isEqualTo(2);
        assertThat(decryptedIdNumbers(conn)).hasSize(600);
      }
      assertThat(new Reconciliation(db.pool).run().await().differences()).isEmpty();
      assertThat(GeneratedLoansCheck.loanBooks(db).getBoolean("balanced")).isTrue();
    }
  }

  /** Every employer paid every month of the period in order; each list's count and total are its lines'. */
  private static void assertCompleteLists(Connection conn) throws SQLException {
    assertThat(count(conn, "SELECT count(*) FROM remittance WHERE status = 'PAID'")).isEqualTo(80 * 12);
    assertThat(count(conn, "SELECT count(*) FROM employer WHERE paid_through <> '2026-10' OR status <> '01'")).isZero();
    assertThat(count(conn, """
        SELECT count(*) FROM (SELECT employer_id FROM remittance GROUP BY employer_id
        HAVING min(month) <> '2025-11' OR max(month) <> '2026-10' OR count(*) <> 12) gaps""")).isZero();
    assertThat(count(conn, """
        SELECT count(*) FROM remittance r
         WHERE r.member_count <> (SELECT count(*) FROM remittance_line l WHERE l.employer_id = r.employer_id AND l.month = r.month)
            OR r.total <> (SELECT sum(employer_share + member_share) FROM remittance_line l
                            WHERE l.employer_id = r.employer_id AND l.month = r.month)""")).isZero();
    // Each list is one ledger transaction that debits the bank by its total (its credits are checked by the trigger).
    assertThat(count(conn, """
        SELECT count(*) FROM remittance r JOIN ledger_transaction t ON t.txn_id = r.ledger_txn
          JOIN ledger_entry e ON e.txn_id = t.txn_id AND e.account_id = 'BANK:center'
         WHERE e.side = 'DEBIT' AND e.amount = r.total AND t.business_type = '01'""")).isEqualTo(80 * 12);
    // Skewed sizes: the largest employer has many times the members of the median one.
    List<Long> sizes = longs(conn, "SELECT count(*) FROM member_account GROUP BY employer_id ORDER BY 1");
    assertThat(sizes.get(sizes.size() - 1)).isGreaterThan(5 * sizes.get(sizes.size() / 2));
  }

  private static void assertPeopleAndWithdrawals(Connection conn) throws SQLException {
    assertThat(count(conn, "SELECT count(*) FROM member_account WHERE status = '02'")).isPositive();
    // One account per person; a member taken on elsewhere after removal brought the account along (启封).
    assertThat(count(conn, "SELECT count(DISTINCT person_id) FROM member_account")).isEqualTo(2000)
        .isEqualTo(count(conn, "SELECT count(*) FROM member_account"));
    assertThat(count(conn, "SELECT count(*) FROM (SELECT account_no FROM remittance_line GROUP BY account_no "
        + "HAVING count(DISTINCT employer_id) > 1) moved")).isPositive();
    assertThat(count(conn, "SELECT count(*) FROM bank_card")).isBetween(1200L, 1600L);
    assertThat(count(conn, """
        SELECT count(*) FROM withdrawal_application w JOIN settlement_instruction s ON s.instruction_id = w.instruction_id
         WHERE w.status = 'APPROVED' AND s.status = 'PENDING' AND s.amount = w.amount""")).isPositive();
    assertThat(count(conn, """
        SELECT count(*) FROM withdrawal_application w JOIN settlement_instruction s ON s.instruction_id = w.instruction_id
          JOIN ledger_transaction r ON r.reverses = w.ledger_txn
         WHERE w.status = 'CANCELLED' AND s.status = 'CANCELLED'""")).isPositive()
        .isEqualTo(count(conn, "SELECT count(*) FROM withdrawal_application WHERE status = 'CANCELLED'"));
    assertThat(count(conn, "SELECT count(*) FROM withdrawal_application WHERE amount > 1500")).isZero();
  }

  private static void assertIdentifiersValid(Connection conn) throws SQLException {
    Set<String> ids = decryptedIdNumbers(conn);
    assertThat(ids).hasSize(2000).allMatch(Identifiers::isIdNumber);
    for (String[] row : rows(conn, "SELECT person_id, phone_enc FROM person")) {
      assertThat(Identifiers.isMobile(FIELDS.decrypt("person.phone", row[0], row[1]))).isTrue();
    }
    for (String[] row : rows(conn, "SELECT credit_code FROM employer")) {
      assertThat(Identifiers.isCreditCode(row[0])).as(row[0]).isTrue();
      assertThat(row[0].charAt(16)).as(row[0]).isEqualTo(SyntheticIdentifiers.organisationCheck(row[0].substring(8, 16)));
    }
    for (String[] row : rows(conn, "SELECT card_id::text, card_enc, bank_code FROM bank_card")) {
      String number = FIELDS.decrypt("bank_card.number", row[0], row[1]);
      assertThat(luhn(number)).as(number).isTrue();
      assertThat(row[2]).isIn("102", "103", "104", "105", "301");
    }
  }

  /** Bases within the policy's floor and ceiling, ratios allowed, shares as the platform computes them. */
  private static void assertContributionsFollowThePolicy(Connection conn, Policies.AsOf policy) throws SQLException {
    for (String[] row : rows(conn, """
        SELECT m.base::text, e.employer_ratio::text, e.member_ratio::text, m.monthly_employer::text, m.monthly_member::text
          FROM member_account m JOIN employer e ON e.employer_id = m.employer_id""")) {
      Money base = Money.parse(row[0]);
      assertThat(ContributionRules.clampBase(base, policy)).isEqualTo(base);
      assertThat(ContributionRules.checkRatios(new java.math.BigDecimal(row[1]), new java.math.BigDecimal(row[2]), policy))
          .isNull();
      ContributionRules.Monthly monthly = ContributionRules.monthly(base, new java.math.BigDecimal(row[1]),
          new java.math.BigDecimal(row[2]), policy);
      assertThat(monthly.employerShare()).isEqualTo(Money.parse(row[3]));
      assertThat(monthly.memberShare()).isEqualTo(Money.parse(row[4]));
    }
  }

  static DatasetGenerator.Report generate(ScratchDatabase db, DatasetSpec spec, DatasetGenerator.Purpose purpose,
                                          boolean add) throws SQLException {
    return new DatasetGenerator(db::connect, FIELDS, KEYS, line -> { }).generate(spec, policy(db), purpose, "test", add);
  }

  static Policies.AsOf policy(ScratchDatabase db) {
    return new Policies(db.pool).asOf(THROUGH.atDay(1)).await();
  }

  static Set<String> decryptedIdNumbers(Connection conn) throws SQLException {
    Set<String> ids = new HashSet<>();
    for (String[] row : rows(conn, "SELECT person_id, id_number_enc FROM person")) {
      ids.add(FIELDS.decrypt("person.id_number", row[0], row[1]));
    }
    return ids;
  }

  static long count(Connection conn, String sql) throws SQLException {
    return longs(conn, sql).get(0);
  }

  private static List<Long> longs(Connection conn, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  static List<String[]> rows(Connection conn, String sql) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = rs.getString(i + 1);
        }
        out.add(row);
      }
    }
    return out;
  }

  private static boolean luhn(String number) {
    int sum = 0;
    for (int i = 0; i < number.length(); i++) {
      int digit = number.charAt(number.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return number.length() == 19 && sum % 10 == 0;
  }

  /** The field cipher of the default (sandbox) configuration, as the test platform uses it. */
  private static FieldCipher fields() {
    HpfConfig config = HpfConfig.from(Settings.of(Map.of()));
    return new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
  }
}
