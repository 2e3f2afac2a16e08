package hpf.account;

import hpf.kit.CopyFormat;
import hpf.kit.Money;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * The row formats of this room's tables that the data set generator bulk-loads (employers, member accounts, bound
 * cards, paid remittance lists), and the JDBC lookups it makes before. A column change is made here, once.
 */
public final class AccountRows {

  public static final CopyFormat EMPLOYER = new CopyFormat("employer", List.of("employer_id", "credit_code", "name",
      "status", "employer_ratio", "member_ratio", "opened_on", "paid_through", "created_at"));
  public static final CopyFormat MEMBER_ACCOUNT = new CopyFormat("member_account", List.of("account_no", "person_id",
      "employer_id", "status", "base", "monthly_employer", "monthly_member", "opened_on", "ledger_account", "created_at"));
  public static final CopyFormat BANK_CARD = new CopyFormat("bank_card",
      List.of("card_id", "person_id", "bank_code", "card_enc", "card_idx", "bound_at"));
  public static final CopyFormat REMITTANCE = new CopyFormat("remittance", List.of("employer_id", "month", "status",
      "total", "member_count", "created_at", "paid_at", "ledger_txn"));
  public static final CopyFormat REMITTANCE_LINE = new CopyFormat("remittance_line",
      List.of("employer_id", "month", "account_no", "employer_share", "member_share"));

  /** JDBC text: the credit codes among the array parameter that a registered employer already has. */
  public static final String CREDIT_CODES_IN_USE = "SELECT credit_code FROM employer WHERE credit_code = ANY (?)";

  /** SQL text answering one boolean: whether the center has any member account at all. */
  public static final String ANY_MEMBER_ACCOUNT = "SELECT EXISTS (SELECT 1 FROM member_account)";

  private AccountRows() {}

  /** An employer with one contribution ratio for both shares. */
  public static void employer(CopyFormat.Sink rows, String employerId, String creditCode, String name, String status,
                              BigDecimal ratio, LocalDate openedOn, String paidThrough, OffsetDateTime createdAt)
      throws SQLException {
    rows.add(employerId).add(creditCode).add(name).add(status).add(ratio.toPlainString()).add(ratio.toPlainString())
        .add(openedOn).add(paidThrough).add(createdAt).row();
  }

  public static void memberAccount(CopyFormat.Sink rows, String accountNo, String personId, String employerId,
                                   String status, ContributionRules.Monthly monthly, LocalDate openedOn,
                                   String ledgerAccount, OffsetDateTime createdAt) throws SQLException {
    rows.add(accountNo).add(personId).add(employerId).add(status).add(monthly.base()).add(monthly.employerShare())
        .add(monthly.memberShare()).add(openedOn).add(ledgerAccount).add(createdAt).row();
  }

  /** A card bound at {@code boundAt}, its number already encrypted and blind-indexed with {@link BankCards}' field. */
  public static void bankCard(CopyFormat.Sink rows, long cardId, String personId, String bankCode, String numberEnc,
                              String numberIdx, OffsetDateTime boundAt) throws SQLException {
    rows.add(cardId).add(personId).add(bankCode).add(numberEnc).add(numberIdx).add(boundAt).row();
  }

  public static void remittance(CopyFormat.Sink rows, String employerId, YearMonth month, String status, Money total,
                                int memberCount, OffsetDateTime createdAt, OffsetDateTime paidAt, UUID ledgerTxn)
      throws SQLException {
    rows.add(employerId).add(month).add(status).add(total).add(memberCount).add(createdAt).add(paidAt).add(ledgerTxn)
        .row();
  }

  public static void remittanceLine(CopyFormat.Sink rows, String employerId, YearMonth month, String accountNo,
                                    Money employerShare, Money memberShare) throws SQLException {
    rows.add(employerId).add(month).add(accountNo).add(employerShare).add(memberShare).row();
  }
}
