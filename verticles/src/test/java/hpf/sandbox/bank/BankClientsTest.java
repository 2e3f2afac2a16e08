package hpf.sandbox.bank;

import hpf.kit.Money;
import hpf.sandbox.bank.PartnerBankFixture.Protocol;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway.Batch;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.BatchState;
import hpf.settlement.bank.BankGateway.DetailsPage;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Result;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bdc.ReturnCodes;
import io.vertx.core.Future;
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

import static hpf.sandbox.bank.PartnerBankFixture.payment;
import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static hpf.sandbox.bank.PartnerBankFixture.today;
import static org.assertj.core.api.Assertions.assertThat;

/** Every BDC transaction through both clients (TCP and JSON over HTTP, on loopback) against the sandbox banks. */
@ExtendWith(VertxExtension.class)
class BankClientsTest {

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
  void singleTransactionsMoveMoneyAndQueriesAnswerThem(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "105");
    String center = SandboxBank.centerAccountNo("105");
    bank.signIn().await(10, TimeUnit.SECONDS);
    bank.probe().await(10, TimeUnit.SECONDS);
    Money before = bank.balance(center).await(10, TimeUnit.SECONDS);

    String paid = serial();
    Result pay = bank.pay(payment("105", paid, "6217000010001", "张三", "1234.56")).await(10, TimeUnit.SECONDS);
    assertThat(pay.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(pay.returnCode()).isEqualTo(ReturnCodes.OK);
    assertThat(pay.hostSeqNo()).startsWith("105");
    assertThat(bank.balance("6217000010001").await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1234.56"));

    // A collection from the member's card (委托收款) into the center's account.
    String collected = serial();
    Result collect = bank.collect(new BankGateway.Payment(collected, today(), BankGateway.SettleType.SAME_BANK, "02",
        "6217000010001", "张三", center, SandboxBank.CENTER_NAME, 2, null, Money.parse("34.56"), "提前还款"))
        .await(10, TimeUnit.SECONDS);
    assertThat(collect.outcome()).isEqualTo(Outcome.SUCCEEDED);

    // An internal transfer (资金调拨) to another of the center's accounts.
    Result transfer = bank.transfer(new BankGateway.Payment(serial(), today(), BankGateway.SettleType.SAME_BANK, "03",
        center, SandboxBank.CENTER_NAME, "105350200000000002", "住房公积金增值收益户", 2, null, Money.parse("100.00"),
        "资金调拨")).await(10, TimeUnit.SECONDS);
    assertThat(transfer.outcome()).isEqualTo(Outcome.SUCCEEDED);

    assertThat(bank.balance("6217000010001").await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1200.00"));
    assertThat(bank.balance(center).await(10, TimeUnit.SECONDS))
        .isEqualTo(before.minus(Money.parse("1234.56")).plus(Money.parse("34.56")).minus(Money.parse("100.00")));
    Result asked = bank.query(today(), paid).await(10, TimeUnit.SECONDS);
    assertThat(asked.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(asked.hostSeqNo()).isEqualTo(pay.hostSeqNo());
    Result never = bank.query(today(), serial()).await(10, TimeUnit.SECONDS);
    assertThat(never.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(never.returnCode()).isEqualTo(ReturnCodes.ORIGINAL_NOT_FOUND);
    BankException noAccount = PartnerBankFixture.failure(bank.balance("6217999999999"));
    assertThat(noAccount.kind()).isEqualTo(BankException.Kind.REFUSED);
    bank.signOut().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theSameSerialIsBookedOnceHoweverOftenItIsSent(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "102");
    String serial = serial();
    BankGateway.Payment payment = payment("102", serial, "6222020000001", "李四", "500.00");
    List<Future<Result>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(bank.pay(payment));
    }
    Future.all(all).await(20, TimeUnit.SECONDS);
    assertThat(all).extracting(f -> f.result().hostSeqNo()).containsOnly(all.get(0).result().hostSeqNo());
    assertThat(all).extracting(f -> f.result().outcome()).containsOnly(Outcome.SUCCEEDED);
    JsonObject tx = banks.transaction("102", serial);
    assertThat(tx.getInteger("requests")).isEqualTo(8);
    assertThat(tx.getInteger("booked")).isEqualTo(1);
    assertThat(banks.balance("102", "6222020000001")).isEqualTo(Money.parse("500.00"));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aBatchIsProcessingThenDoneWithAResultFile(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "105");
    banks.behave("105", new JsonObject().put("batchDelayMs", 300).put("rejectCodes", new io.vertx.core.json.JsonArray()
        .add(ReturnCodes.ACCOUNT_FROZEN)).put("rejectRatio", 0.5).put("seed", 3));
    List<BatchRow> rows = new java.util.ArrayList<>();
    Money total = Money.ZERO;
    for (int i = 1; i <= 6; i++) {
      rows.add(new BatchRow(i, Money.parse(i + ".25"), "62170000200" + i, "职工" + i, "批量提取"));
      total = total.plus(Money.parse(i + ".25"));
    }
    String serial = serial();
    Batch batch = new Batch(serial, today(), false, SandboxBank.centerAccountNo("105"), "01", rows, 6, total);
    String batchNo = bank.submitBatch(batch).await(10, TimeUnit.SECONDS);
    assertThat(bank.submitBatch(batch).await(10, TimeUnit.SECONDS)).as("the same batch again").isEqualTo(batchNo);
    assertThat(bank.batchStatus(batchNo).await(10, TimeUnit.SECONDS)).isEqualTo(BatchState.PROCESSING);
    assertThat(PartnerBankFixture.failure(bank.batchResults(batchNo)).kind()).isEqualTo(BankException.Kind.REFUSED);
    BatchState state = BatchState.PROCESSING;
    long deadline = System.currentTimeMillis() + 10_000;
    while (state == BatchState.PROCESSING && System.currentTimeMillis() < deadline) {
      Thread.sleep(50); // polling the bank's status with a deadline, as the dispatcher does
      state = bank.batchStatus(batchNo).await(10, TimeUnit.SECONDS);
    }
    assertThat(state).isEqualTo(BatchState.PARTLY_DONE);
    List<BankGateway.BatchRowResult> results = bank.batchResults(batchNo).await(10, TimeUnit.SECONDS);
    assertThat(results).hasSize(6).extracting(BankGateway.BatchRowResult::seq).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(results).extracting(BankGateway.BatchRowResult::outcome).contains(Outcome.SUCCEEDED, Outcome.FAILED);
    for (BankGateway.BatchRowResult r : results) {
      Money balance = banks.balance("105", "62170000200" + r.seq());
      if (r.outcome() == Outcome.SUCCEEDED) {
        assertThat(balance).isEqualTo(Money.parse(r.seq() + ".25"));
        assertThat(r.hostSeqNo()).isNotNull();
      } else {
        assertThat(r.returnCode()).isEqualTo(ReturnCodes.ACCOUNT_FROZEN);
        assertThat(balance).isNull();
      }
    }
    assertThat(banks.notices).filteredOn(n -> n.kind().equals("BATCH_RESULT")).hasSize(1);
    // A batch whose totals do not add up never leaves.
    Batch wrong = new Batch(serial(), today(), true, SandboxBank.centerAccountNo("105"), "02", rows, 6,
        total.plus(Money.ofFen(1)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bank.submitBatch(wrong).await(10, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void detailsComePagedForNarrowWindows(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "102", Duration.ofSeconds(5), 2, banks.center.privateKey());
    for (int i = 0; i < 5; i++) {
      bank.pay(payment("102", serial(), "62220300000" + i, "王五" + i, "10.0" + i)).await(10, TimeUnit.SECONDS);
    }
    banks.incoming("102", new JsonObject().put("payerAccountNo", "3502001234567").put("payerName", "厦门某某有限公司")
        .put("amount", "8800.00").put("summary", "汇缴"));
    String center = SandboxBank.centerAccountNo("102");
    List<BankGateway.Detail> all = new java.util.ArrayList<>();
    DetailsPage page;
    int pageNo = 0;
    do {
      page = bank.details(center, today(), today(), ++pageNo).await(10, TimeUnit.SECONDS);
      assertThat(page.rows().size()).isLessThanOrEqualTo(2);
      all.addAll(page.rows());
    } while (page.more());
    assertThat(pageNo).isEqualTo(3);
    assertThat(all).hasSize(6);
    assertThat(all.subList(0, 5)).allMatch(BankGateway.Detail::debit).allMatch(d -> d.serialNo() != null);
    assertThat(all.get(5).debit()).isFalse();
    assertThat(all.get(5).serialNo()).isNull();
    assertThat(all.get(5).counterpartyName()).isEqualTo("厦门某某有限公司");
    assertThat(all.get(5).amount()).isEqualTo(Money.parse("8800.00"));
    assertThat(bank.details(center, today().minusDays(3), today().minusDays(1), 1).await(10, TimeUnit.SECONDS).rows())
        .isEmpty();
    assertThat(PartnerBankFixture.failure(bank.details(center, today().minusDays(60), today(), 1)).kind())
        .isEqualTo(BankException.Kind.REFUSED);
    assertThat(banks.notices).filteredOn(n -> n.kind().equals("ACCOUNT_CHANGE")).hasSize(1);
  }
}
