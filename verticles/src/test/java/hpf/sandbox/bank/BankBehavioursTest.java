package hpf.sandbox.bank;

import hpf.crypto.Sm2Keys;
import hpf.kit.Money;
import hpf.sandbox.bank.PartnerBankFixture.Protocol;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Result;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.ReturnCodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static hpf.sandbox.bank.PartnerBankFixture.failure;
import static hpf.sandbox.bank.PartnerBankFixture.payment;
import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static hpf.sandbox.bank.PartnerBankFixture.today;
import static org.assertj.core.api.Assertions.assertThat;

/** Each switchable behaviour of a sandbox bank reaches the dispatcher as the right Outcome or BankException kind. */
@ExtendWith(VertxExtension.class)
class BankBehavioursTest {

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
  void rejectionsAreDefiniteFailuresThatMoveNoMoney(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "105");
    banks.behave("105", new JsonObject().put("rejectCodes", new JsonArray().add(ReturnCodes.ACCOUNT_FROZEN)
        .add(ReturnCodes.INSUFFICIENT_FUNDS)));
    String serial = serial();
    Result frozen = bank.pay(payment("105", serial, "6217000030001", "赵六", "10.00")).await(10, TimeUnit.SECONDS);
    Result poor = bank.pay(payment("105", serial(), "6217000030001", "赵六", "10.00")).await(10, TimeUnit.SECONDS);
    assertThat(List.of(frozen.outcome(), poor.outcome())).containsOnly(Outcome.FAILED);
    assertThat(frozen.returnCode()).isEqualTo(ReturnCodes.ACCOUNT_FROZEN);
    assertThat(frozen.message()).isEqualTo("账户已冻结");
    assertThat(poor.returnCode()).isEqualTo(ReturnCodes.INSUFFICIENT_FUNDS);
    // The same serial keeps its first answer even when the bank is healthy again, and the query agrees.
    banks.behave("105", new JsonObject());
    assertThat(bank.pay(payment("105", serial, "6217000030001", "赵六", "10.00")).await(10, TimeUnit.SECONDS)
        .returnCode()).isEqualTo(ReturnCodes.ACCOUNT_FROZEN);
    assertThat(bank.query(today(), serial).await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(banks.balance("105", "6217000030001")).isNull();
    // The books' own rule: a known account under another name (户名不符).
    bank.pay(payment("105", serial(), "6217000030002", "钱七", "1.00")).await(10, TimeUnit.SECONDS);
    Result mismatch = bank.pay(payment("105", serial(), "6217000030002", "钱八", "1.00")).await(10, TimeUnit.SECONDS);
    assertThat(mismatch.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(mismatch.returnCode()).isEqualTo(ReturnCodes.NAME_MISMATCH);
  }

  @Test
  void aRatioRejectsAShareRepeatably() throws Exception {
    BankGateway bank = banks.client(Protocol.BDC, "102");
    banks.behave("102", new JsonObject().put("rejectCodes", new JsonArray().add(ReturnCodes.NAME_MISMATCH))
        .put("rejectRatio", 0.5).put("seed", 42));
    int failed = 0;
    for (int i = 0; i < 20; i++) {
      failed += bank.pay(payment("102", serial(), "62220400" + i, "孙九", "1.00")).await(10, TimeUnit.SECONDS)
          .outcome() == Outcome.FAILED ? 1 : 0;
    }
    assertThat(failed).isBetween(4, 16);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void uncertainThenSettledByQueries(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "105");
    banks.behave("105", new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
        .put("afterQueries", 2)));
    String serial = serial();
    Result first = bank.pay(payment("105", serial, "6217000040001", "周一", "66.00")).await(10, TimeUnit.SECONDS);
    assertThat(first.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(banks.balance("105", "6217000040001")).as("no money moves while uncertain").isNull();
    assertThat(bank.query(today(), serial).await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UNKNOWN);
    Result settled = bank.query(today(), serial).await(10, TimeUnit.SECONDS);
    assertThat(settled.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(settled.hostSeqNo()).isNotNull();
    assertThat(banks.balance("105", "6217000040001")).isEqualTo(Money.parse("66.00"));
    assertThat(banks.notices).filteredOn(n -> n.kind().equals("TX_RESULT"))
        .extracting(n -> n.fields().getString("SendSeqNo")).containsExactly(serial);

    banks.behave("105", new JsonObject().put("uncertain", new JsonObject().put("settleAs", "FAILED")
        .put("afterQueries", 0).put("afterMs", 200)).put("duplicateNotices", 2));
    String failing = serial();
    assertThat(bank.pay(payment("105", failing, "6217000040002", "吴二", "7.00")).await(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.UNKNOWN);
    Result last = waitForFinal(bank, failing);
    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.returnCode()).isEqualTo(ReturnCodes.HOST_FAILED);
    assertThat(banks.balance("105", "6217000040002")).isNull();
    assertThat(banks.notices).as("pushed once and twice more").filteredOn(n -> n.kind().equals("TX_RESULT")
        && n.fields().getString("SendSeqNo").equals(failing)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTimeoutIsUncertainAndTheQueryResolvesIt(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "102", Duration.ofMillis(500), BankLink.MAX_DETAILS_PAGE,
        banks.center.privateKey());
    banks.behave("102", new JsonObject().put("noAnswer", true));
    String serial = serial();
    assertThat(failure(bank.pay(payment("102", serial, "6222050000001", "郑三", "88.00"))).kind())
        .isEqualTo(Kind.UNCERTAIN);
    banks.behave("102", new JsonObject());
    Result resolved = bank.query(today(), serial).await(10, TimeUnit.SECONDS);
    assertThat(resolved.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(banks.balance("102", "6222050000001")).isEqualTo(Money.parse("88.00"));

    // An answer that comes after the client gave up is the same to the client: uncertain, then asked.
    banks.behave("102", new JsonObject().put("latencyMs", 1500));
    String late = serial();
    assertThat(failure(bank.pay(payment("102", late, "6222050000002", "王四", "9.00"))).kind())
        .isEqualTo(Kind.UNCERTAIN);
    banks.behave("102", new JsonObject());
    assertThat(bank.query(today(), late).await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(banks.transaction("102", late).getInteger("booked")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aBankThatIsDownIsNotSentAndComesBack(Protocol protocol) throws Exception {
    BankGateway bank = banks.client(protocol, "105");
    bank.probe().await(10, TimeUnit.SECONDS);
    banks.behave("105", new JsonObject().put("down", true));
    awaitNoticedDown(bank);
    String serial = serial();
    assertThat(failure(bank.pay(payment("105", serial, "6217000050001", "冯五", "5.00"))).kind())
        .isEqualTo(Kind.NOT_SENT);
    assertThat(failure(bank.probe()).kind()).isEqualTo(Kind.NOT_SENT);
    banks.behave("105", new JsonObject());
    // NOT_SENT may be sent again with the same serial.
    assertThat(bank.pay(payment("105", serial, "6217000050001", "冯五", "5.00")).await(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.SUCCEEDED);
  }

  /**
   * The client keeps connections: a bank going down drops the one the probe left open, and a request written on it
   * before the client has seen it close is rightly uncertain (the bank may have read it). Waits until the client
   * has seen the drop, i.e. a probe is refused before anything was sent.
   */
  private static void awaitNoticedDown(BankGateway bank) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (failure(bank.probe()).kind() != Kind.NOT_SENT) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the client never saw the bank go down");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aStaleSessionSignsInAgainOnce() throws Exception {
    BankGateway first = banks.client(Protocol.BDC, "102");
    first.signIn().await(10, TimeUnit.SECONDS);
    // Two later sign-ins of the same center node push the first session key out of the bank's memory.
    BankGateway other = banks.client(Protocol.BDC, "102");
    other.signIn().await(10, TimeUnit.SECONDS);
    other.signIn().await(10, TimeUnit.SECONDS);
    assertThat(first.pay(payment("102", serial(), "6222060000001", "陈六", "3.00")).await(10, TimeUnit.SECONDS)
        .outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  @Test
  void aWrongCenterKeyIsRefused() throws Exception {
    Sm2Keys.Private stranger = Sm2Keys.generate().privateKey();
    // BDC: the session key is wrapped for the real center key, so a stranger cannot unwrap it.
    assertThat(failure(banks.client(Protocol.BDC, "102", Duration.ofSeconds(5), 1000, stranger).signIn()).kind())
        .isEqualTo(Kind.REFUSED);
    // JSON: the bank refuses a request signed with another key.
    assertThat(failure(banks.client(Protocol.JSON, "102", Duration.ofSeconds(5), 1000, stranger)
        .pay(payment("102", serial(), "6222070000001", "褚七", "1.00"))).kind()).isEqualTo(Kind.REFUSED);
  }

  private static Result waitForFinal(BankGateway bank, String serial) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    Result result = bank.query(today(), serial).await(10, TimeUnit.SECONDS);
    while (result.outcome() == Outcome.UNKNOWN && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      result = bank.query(today(), serial).await(10, TimeUnit.SECONDS);
    }
    return result;
  }
}
