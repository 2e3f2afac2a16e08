package hpf.dataset;

import hpf.kit.Money;
import hpf.ledger.LedgerRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * The center's shared ledger accounts a data set moves money on: its bank account (opened here as hpf.account's
 * remittance payment opens it when missing), the withdrawals payable (opened by migration V20) and the loan
 * disbursements payable, and what the loans' receipts add to the special accounts and the loan income accounts. Their balances
 * change once per generation, by the sum of its postings, with the same non-negative guard as every posting.
 */
final class CenterAccounts {

  private CenterAccounts() {}

  static void open(Connection connection) throws SQLException {
    try (PreparedStatement account = connection.prepareStatement(LedgerRows.OPEN_ACCOUNT);
         PreparedStatement balance = connection.prepareStatement(LedgerRows.OPEN_BALANCE)) {
      open(account, balance, MoneyMovements.CENTER_BANK, "CENTER_BANK", "DEBIT", "住房公积金专户");
      open(account, balance, MoneyMovements.PAYABLE, "PAYABLE_IN_TRANSIT", "CREDIT", "提取在途应付");
    }
  }

  static void add(Connection connection, Money bank, Money payable, Money loanPayable, Map<String, Money> receipts)
      throws SQLException {
    LedgerRows.addToBalance(connection, MoneyMovements.CENTER_BANK, bank);
    LedgerRows.addToBalance(connection, MoneyMovements.PAYABLE, payable);
    // Opened by migration V58; the special accounts the loans were paid from end where they began (funded, paid).
    LedgerRows.addToBalance(connection, hpf.loan.LoanRows.PAYABLE, loanPayable);
    // The loans' receipts: the collecting banks' special accounts and the interest and penalty income (V62).
    for (Map.Entry<String, Money> e : receipts.entrySet()) {
      LedgerRows.addToBalance(connection, e.getKey(), e.getValue());
    }
  }

  private static void open(PreparedStatement account, PreparedStatement balance, String id, String kind, String side,
                           String name) throws SQLException {
    account.setString(1, id);
    account.setString(2, kind);
    account.setString(3, side);
    account.setString(4, name);
    account.setString(5, kind);
    account.executeUpdate();
    balance.setString(1, id);
    balance.executeUpdate();
  }
}
