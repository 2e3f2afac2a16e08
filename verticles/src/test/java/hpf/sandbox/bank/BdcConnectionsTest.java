package hpf.sandbox.bank;

import hpf.settlement.bank.BankConnections.Discard;
import hpf.settlement.bank.BankConnections.State;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Result;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import hpf.settlement.bdc.BdcCodec;
import hpf.settlement.bdc.BdcFrame;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.FrameDecoder;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.sandbox.bank.PartnerBankFixture.failure;
import static hpf.sandbox.bank.PartnerBankFixture.payment;
import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistent BDC connections: reused across calls against the sandbox bank, bounded, and discarded (never reused)
 * when an exchange times out, when the answer is for another request, or when the bank closes them.
 */
@ExtendWith(VertxExtension.class)
class BdcConnectionsTest {

  private PartnerBankFixture banks;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    banks = PartnerBankFixture.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    banks.assertBooksReconcile();
    banks.stop();
  }

  @Test
  void callsReuseTheBanksConnectionsWithinTheBound() throws Exception {
    BdcClient bank = new BdcClient(vertx, BankLink.of("102", PartnerBankFixture.CENTER_NODE, Duration.ofSeconds(5)),
        new BdcClient.Endpoint("127.0.0.1", banks.sandbox.port("102"), Duration.ofSeconds(5),
            banks.center.privateKey(), 3, Duration.ofSeconds(30)), Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      Result paid = bank.pay(payment("102", serial(), "6222040000001", "赵六", "1.0" + i)).await(10, TimeUnit.SECONDS);
      assertThat(paid.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
    State one = bank.connections();
    assertThat(one.open()).as("sign-in and five payments, one after the other, on one connection").isEqualTo(1);
    assertThat(one.idle()).isEqualTo(1);
    List<Future<Result>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(bank.pay(payment("102", serial(), "6222040000002", "赵七", "2.0" + (i % 10))));
    }
    Future.all(all).await(20, TimeUnit.SECONDS);
    assertThat(all).extracting(f -> f.result().outcome()).containsOnly(Outcome.SUCCEEDED);
    State after = bank.connections();
    assertThat(after.open()).isLessThanOrEqualTo(3);
    assertThat(after.inUse()).isZero();
    assertThat(after.discarded()).isEmpty();
    bank.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aTimeoutOnAReusedConnectionIsUncertainAndTheConnectionIsNotReused() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    // Answers the first request of each connection, never the second.
    NetServer fake = fakeBank(connections, (socket, n) -> {
      if (n == 1) {
        socket.write(BdcCodec.clear("102000", TxCode.SYS600, ok(TxCode.SYS600, null)).toBuffer());
      }
    });
    try {
      BdcClient bank = client(fake, Duration.ofSeconds(1));
      bank.probe().await(10, TimeUnit.SECONDS);
      assertThat(failure(bank.probe()).kind()).isEqualTo(Kind.UNCERTAIN);
      assertThat(bank.connections().discarded(Discard.TIMEOUT)).isEqualTo(1);
      bank.probe().await(10, TimeUnit.SECONDS); // on a new connection
      assertThat(connections.get()).isEqualTo(2);
      bank.close().await(10, TimeUnit.SECONDS);
    } finally {
      fake.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anAnswerForAnotherSerialIsUncertainAndDiscardsTheConnection() throws Exception {
    NetServer fake = fakeBank(new AtomicInteger(), (socket, n) -> socket.write(BdcCodec.clear("102000",
        TxCode.SYS600, ok(TxCode.SYS600, "Q-SOMEONE-ELSES")).toBuffer()));
    try {
      BdcClient bank = client(fake, Duration.ofSeconds(2));
      assertThat(failure(bank.probe()).kind()).isEqualTo(Kind.UNCERTAIN);
      assertThat(bank.connections().discarded(Discard.BROKEN)).isEqualTo(1);
      assertThat(bank.connections().open()).isZero();
      bank.close().await(10, TimeUnit.SECONDS);
    } finally {
      fake.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionTheBankClosesIsDroppedAndTheNextCallOpensAnother() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    // Answers, then hangs up (a bank that keeps no connection).
    NetServer fake = fakeBank(connections, (socket, n) ->
        socket.end(BdcCodec.clear("102000", TxCode.SYS600, ok(TxCode.SYS600, null)).toBuffer()));
    try {
      BdcClient bank = client(fake, Duration.ofSeconds(2));
      bank.probe().await(10, TimeUnit.SECONDS);
      await(() -> bank.connections().open() == 0);
      assertThat(bank.connections().discarded(Discard.CLOSED_BY_BANK)).isEqualTo(1);
      bank.probe().await(10, TimeUnit.SECONDS);
      assertThat(connections.get()).isEqualTo(2);
      bank.close().await(10, TimeUnit.SECONDS);
    } finally {
      fake.close().await(10, TimeUnit.SECONDS);
    }
  }

  private BdcClient client(NetServer fake, Duration timeout) {
    return new BdcClient(vertx, BankLink.of("102", PartnerBankFixture.CENTER_NODE, timeout),
        new BdcClient.Endpoint("127.0.0.1", fake.actualPort(), Duration.ofSeconds(2), banks.center.privateKey()),
        Clock.systemUTC());
  }

  private static BdcMessage ok(TxCode code, String serial) {
    BdcMessage answer = new BdcMessage().head("TxCode", code.name()).head("TxStatus", "0").head("RtnCode", "00000")
        .head("RtnMessage", "ok");
    return serial == null ? answer : answer.head("SendSeqNo", serial);
  }

  /** A fake bank that hands the n-th request of each connection (from 1) to {@code answer}. */
  private NetServer fakeBank(AtomicInteger connections, BiConsumer<NetSocket, Integer> answer) throws Exception {
    return vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      AtomicInteger requests = new AtomicInteger();
      FrameDecoder[] decoder = {new FrameDecoder()};
      socket.handler(chunk -> {
        BdcFrame frame = decoder[0].feed(chunk);
        if (frame != null) {
          decoder[0] = new FrameDecoder();
          answer.accept(socket, requests.incrementAndGet());
        }
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
