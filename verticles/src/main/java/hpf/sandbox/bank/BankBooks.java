package hpf.sandbox.bank;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Detail;
import hpf.settlement.bdc.ReturnCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sandbox bank's own books, in memory: accounts with balances, and a journal of every booked movement (a debit
 * and a credit line, with the host serial and our serial). The center's special account opens with a large
 * balance; any other account opens on first use (on a credit with nothing, on a collection's debit with
 * {@link #OPENING_BALANCE} so collections succeed unless a behaviour says otherwise). Thread-safe (one monitor).
 */
final class BankBooks {

  static final Money CENTER_OPENING_BALANCE = Money.parse("100000000.00");
  static final Money OPENING_BALANCE = Money.parse("1000000.00");

  private record Account(String name, long balanceFen) {}

  /** One booked movement: the outcome of {@link #move}, its host serial or the reason it was refused. */
  record Booking(String hostSeqNo, String rejectCode) {
    boolean booked() {
      return rejectCode == null;
    }
  }

  private final String bankCode;
  private final String centerAccountNo;
  private final Map<String, Account> accounts = new TreeMap<>();
  private final List<Detail> journal = new ArrayList<>();
  /** Journal lines per account, in booking order, for BDC113. */
  private final Map<String, List<Detail>> byAccount = new LinkedHashMap<>();
  /** How many times each serial moved money: the sandbox's own proof that no serial is ever booked twice. */
  private final Map<String, Integer> bookings = new TreeMap<>();
  private long hostCounter;
  /** Every opening balance handed out: with no money created or lost, the balances always sum to this. */
  private long openedFen = CENTER_OPENING_BALANCE.fen();

  BankBooks(String bankCode, String centerAccountNo, String centerName) {
    this.bankCode = bankCode;
    this.centerAccountNo = centerAccountNo;
    accounts.put(centerAccountNo, new Account(centerName, CENTER_OPENING_BALANCE.fen()));
  }

  /**
   * Moves money from one account to another as one host transaction, or refuses: the payer's balance too low
   * (B2003), a known account under another name (B2002; the center's account is not checked, its name varies by
   * channel). Our serial may be null (incoming funds).
   */
  synchronized Booking move(LocalDate date, String serialNo, String payer, String payerName, String payee,
                            String payeeName, Money amount, String summary) {
    if (!namesMatch(payer, payerName) || !namesMatch(payee, payeeName)) {
      return new Booking(null, ReturnCodes.NAME_MISMATCH);
    }
    if (!accounts.containsKey(payer)) {
      accounts.put(payer, new Account(payerName, OPENING_BALANCE.fen()));
      openedFen += OPENING_BALANCE.fen();
    }
    Account from = accounts.get(payer);
    if (from.balanceFen() < amount.fen()) {
      return new Booking(null, ReturnCodes.INSUFFICIENT_FUNDS);
    }
    accounts.put(payer, new Account(from.name(), from.balanceFen() - amount.fen()));
    Account to = accounts.getOrDefault(payee, new Account(payeeName, 0));
    accounts.put(payee, new Account(to.name(), to.balanceFen() + amount.fen()));
    String host = hostSeqNo(date);
    line(payer, new Detail(date, host, serialNo, true, amount, payee, payeeName, summary));
    line(payee, new Detail(date, host, serialNo, false, amount, payer, payerName, summary));
    if (serialNo != null) {
      bookings.merge(serialNo, 1, Integer::sum);
    }
    return new Booking(host, null);
  }

  synchronized Money balance(String accountNo) {
    Account account = accounts.get(accountNo);
    return account == null ? null : Money.ofFen(account.balanceFen());
  }

  synchronized boolean exists(String accountNo) {
    return accounts.containsKey(accountNo);
  }

  /** The account's lines dated within [from, to], in booking order. */
  synchronized List<Detail> lines(String accountNo, LocalDate from, LocalDate to) {
    return byAccount.getOrDefault(accountNo, List.of()).stream()
        .filter(d -> !d.date().isBefore(from) && !d.date().isAfter(to)).toList();
  }

  synchronized int bookings(String serialNo) {
    return bookings.getOrDefault(serialNo, 0);
  }

  /** A host serial that moved no money (a refusal still gets one from a real host). */
  synchronized String hostSeqNo(LocalDate date) {
    return bankCode + date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
        + String.format("%08d", ++hostCounter);
  }

  String centerAccountNo() {
    return centerAccountNo;
  }

  synchronized JsonObject toJson() {
    JsonArray balances = new JsonArray();
    accounts.forEach((no, a) -> balances.add(new JsonObject().put("accountNo", no).put("name", a.name())
        .put("balance", Money.ofFen(a.balanceFen()).toString())));
    JsonObject counts = new JsonObject();
    bookings.forEach(counts::put);
    long total = accounts.values().stream().mapToLong(Account::balanceFen).sum();
    return new JsonObject().put("bankCode", bankCode).put("centerAccountNo", centerAccountNo)
        .put("balances", balances).put("bookingsBySerial", counts).put("journalLines", journal.size())
        .put("totalBalance", Money.ofFen(total).toString()).put("openingBalances", Money.ofFen(openedFen).toString())
        .put("balanced", total == openedFen);
  }

  private boolean namesMatch(String accountNo, String name) {
    Account account = accounts.get(accountNo);
    return account == null || accountNo.equals(centerAccountNo) || name == null || name.isEmpty()
        || account.name().equals(name);
  }

  private void line(String accountNo, Detail detail) {
    journal.add(detail);
    byAccount.computeIfAbsent(accountNo, a -> new ArrayList<>()).add(detail);
  }
}
