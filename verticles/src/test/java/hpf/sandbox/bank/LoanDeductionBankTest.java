package hpf.sandbox.bank;

import hpf.kit.Money;
import hpf.sandbox.bank.PartnerBankFixture.Protocol;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bank.BankGateway.Batch;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.BatchRowResult;
import hpf.settlement.bank.BankGateway.BatchState;
import hpf.settlement.bank.BankGateway.FileKind;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Split;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.ReturnCodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static hpf.sandbox.bank.PartnerBankFixture.today;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loan deduction files (BDC105 with each row's BDC106 split) through both clients against the sandbox banks: each
 * row debits its repayment card in full or not at all (too little money: B2003), the center's account takes what was
 * collected, the same file again is the same batch, a file whose submit is not answered is processed all the same,
 * and the books balance with no serial booked twice.
 */
@ExtendWith(VertxExtension.class)
class LoanDeductionBankTest {

  private PartnerBankFixture banks;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    banks = PartnerBankFixture.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    banks.assertBooksReconcile();
    banks.stop();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void eachRowIsCollectedInFullOrNotAtAllWithItsSplit(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "102");
    String center = SandboxBank.centerAccountNo("102");
    banks.behave("102", new JsonObject().put("batchDelayMs", 100));
    Money before = bank.balance(center).await(10, TimeUnit.SECONDS);
    // A card opens with 1,000,000.00 on its first debit: one fen more is more than it holds.
    List<BatchRow> rows = List.of(
        row(1, "2345.67", "6217000010000001", split("2000.00", "300.00", "45.67")),
        row(2, "1000000.01", "6217000010000002", split("1000000.00", "0.01", "0.00")),
        row(3, "500.00", "6217000010000003", null));
    String serial = serial();
    Batch batch = new Batch(serial, today(), FileKind.LOAN_DEDUCTION, center, "05", rows, 3,
        Money.parse("1002845.68"));
    String batchNo = bank.submitBatch(batch).await(10, TimeUnit.SECONDS);
    assertThat(bank.submitBatch(batch).await(10, TimeUnit.SECONDS)).as("the same file again").isEqualTo(batchNo);
    BatchState state = finished(bank, batchNo);
    assertThat(state).isEqualTo(BatchState.PARTLY_DONE);
    List<BatchRowResult> results = bank.batchResults(batchNo).await(10, TimeUnit.SECONDS);
    assertThat(results).extracting(BatchRowResult::outcome)
        .containsExactly(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SUCCEEDED);
    assertThat(results.get(1).returnCode()).isEqualTo(ReturnCodes.INSUFFICIENT_FUNDS);
    assertThat(banks.balance("102", "6217000010000001")).isEqualTo(Money.parse("997654.33"));
    assertThat(banks.balance("102", "6217000010000002")).as("nothing taken").isEqualTo(Money.parse("1000000.00"));
    assertThat(banks.balance("102", "6217000010000003")).isEqualTo(Money.parse("999500.00"));
    assertThat(bank.balance(center).await(10, TimeUnit.SECONDS)).isEqualTo(before.plus(Money.parse("2845.67")));
    // The result query knows each row by its serial in the file.
    assertThat(bank.query(today(), serial + "-1").await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCEEDED);
    BankGateway.Result refused = bank.query(today(), serial + "-2").await(10, TimeUnit.SECONDS);
    assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(refused.returnCode()).isEqualTo(ReturnCodes.INSUFFICIENT_FUNDS);
    JsonObject run = run(serial);
    assertThat(run.getString("txCode")).isEqualTo("BDC105");
    assertThat(run.getJsonObject("split")).as("the split of what was collected").isEqualTo(new JsonObject()
        .put("principal", "2000.00").put("interest", "300.00").put("penalty", "45.67"));
    assertThat(banks.books("102").getJsonObject("bookingsBySerial").containsKey(serial + "-2")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aFileWhoseSubmitIsNotAnsweredIsCollectedAllTheSameAndRejectionsApplyPerRow(Protocol protocol)
      throws Exception {
    BankGateway bank = banks.client(protocol, "105", Duration.ofSeconds(1), BankLink.MAX_DETAILS_PAGE,
        banks.center.privateKey());
    banks.behave("105", new JsonObject().put("noAnswer", true).put("rejectCodes", new io.vertx.core.json.JsonArray()
        .add(ReturnCodes.ACCOUNT_FROZEN)).put("rejectRatio", 0.5).put("seed", 3).put("batchDelayMs", 0));
    List<BatchRow> rows = List.of(row(1, "100.00", "6217000020000001", split("90.00", "10.00", "0.00")),
        row(2, "200.00", "6217000020000002", split("150.00", "40.00", "10.00")),
        row(3, "300.00", "6217000020000003", split("300.00", "0.00", "0.00")),
        row(4, "400.00", "6217000020000004", split("0.00", "400.00", "0.00")));
    String serial = serial();
    Batch batch = new Batch(serial, today(), FileKind.LOAN_DEDUCTION, SandboxBank.centerAccountNo("105"), "05", rows,
        4, Money.parse("1000.00"));
    assertThat(PartnerBankFixture.failure(bank.submitBatch(batch)).kind()).isEqualTo(BankException.Kind.UNCERTAIN);
    banks.behave("105", new JsonObject());
    int collected = 0;
    for (BatchRow row : rows) {
      BankGateway.Result result = bank.query(today(), serial + "-" + row.seq()).await(10, TimeUnit.SECONDS);
      for (long deadline = System.currentTimeMillis() + 10_000;
           result.outcome() == Outcome.UNKNOWN && System.currentTimeMillis() < deadline; ) {
        Thread.sleep(50); // the file may still be processing: ask again with a deadline, as the dispatcher does
        result = bank.query(today(), serial + "-" + row.seq()).await(10, TimeUnit.SECONDS);
      }
      assertThat(result.outcome()).isIn(Outcome.SUCCEEDED, Outcome.FAILED);
      Money balance = banks.balance("105", row.accountNo());
      if (result.outcome() == Outcome.SUCCEEDED) {
        collected++;
        assertThat(balance).isEqualTo(Money.parse("1000000.00").minus(row.amount()));
      } else {
        assertThat(result.returnCode()).isEqualTo(ReturnCodes.ACCOUNT_FROZEN);
      }
    }
    assertThat(collected).as("the ratio rejects some rows, not all").isBetween(1, 3);
    assertThat(run(serial).getInteger("succeeded")).isEqualTo(collected);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDeductionCollectedAloneCarriesItsSplitAndAWrongSplitIsRefused(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "102");
    String serial = serial();
    BankGateway.Result collected = bank.collect(deduction(serial, "6217000030000001", "880.00",
        split("800.00", "70.00", "10.00"))).await(10, TimeUnit.SECONDS);
    assertThat(collected.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(banks.transaction("102", serial).getJsonObject("split")).isEqualTo(new JsonObject()
        .put("principal", "800.00").put("interest", "70.00").put("penalty", "10.00"));
    assertThat(banks.balance("102", "6217000030000001")).isEqualTo(Money.parse("999120.00"));
    String wrong = serial();
    assertThat(PartnerBankFixture.failure(bank.collect(deduction(wrong, "6217000030000002", "880.00",
        split("800.00", "70.00", "9.99")))).kind()).as("a split that is not the amount").isEqualTo(
            BankException.Kind.REFUSED);
    assertThat(banks.transaction("102", wrong)).isNull();
  }

  private static BankGateway.Payment deduction(String serial, String card, String amount, Split split) {
    return new BankGateway.Payment(serial, today(), BankGateway.SettleType.SAME_BANK, "05", card, "借款人",
        SandboxBank.centerAccountNo("102"), SandboxBank.CENTER_NAME, 2, null, Money.parse(amount), "住房公积金贷款扣款",
        split);
  }

  private BatchState finished(BankGateway bank, String batchNo) throws Exception {
    BatchState state = bank.batchStatus(batchNo).await(10, TimeUnit.SECONDS);
    for (long deadline = System.currentTimeMillis() + 10_000;
         state == BatchState.PROCESSING && System.currentTimeMillis() < deadline; ) {
      Thread.sleep(50); // polling the bank's status with a deadline, as the dispatcher does
      state = bank.batchStatus(batchNo).await(10, TimeUnit.SECONDS);
    }
    return state;
  }

  private JsonObject run(String serial) throws Exception {
    for (String code : List.of("102", "105")) {
      for (Object b : banks.books(code).getJsonArray("batches")) {
        if (serial.equals(((JsonObject) b).getString("serialNo"))) {
          return (JsonObject) b;
        }
      }
    }
    throw new AssertionError("no batch " + serial);
  }

  private static Split split(String principal, String interest, String penalty) {
    return new Split(Money.parse(principal), Money.parse(interest), Money.parse(penalty));
  }

  private static BatchRow row(int seq, String amount, String card, Split split) {
    return new BatchRow(seq, Money.parse(amount), card, "借款人" + seq, "住房公积金贷款扣款", split);
  }
}
