package hpf.settlement.bdc;

import hpf.crypto.Sm2Keys;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in that fails at once (here: the client's connections are already closed, so the connect fails before
 * the caller registers anything) answers a failed Future, never null: the session holder keeps the Future it made.
 * A failed sign-in, explicit or not, is not kept: the next call signs in again.
 */
@ExtendWith(VertxExtension.class)
class BdcSessionTest {

  @Test
  void aSignInThatFailsImmediatelyIsAFailedCallNotANullPointer(Vertx vertx) throws Exception {
    BdcClient client = new BdcClient(vertx, BankLink.of("102", "C35020", Duration.ofSeconds(2)),
        new BdcClient.Endpoint("127.0.0.1", 9, Duration.ofSeconds(2), Sm2Keys.fromSeed("bdc-session-test")),
        Clock.systemUTC());
    client.close().await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 2; i++) { // the failed sign-in is not kept: the second call tries (and fails) again
      // On the event loop, as the dispatcher calls it: the failed connect completes on this very thread.
      Throwable failure = Future.<Throwable>future(p -> vertx.runOnContext(v -> {
        try {
          client.balance("3502000000000001").onComplete(ar -> p.complete(ar.cause()));
        } catch (RuntimeException e) {
          p.complete(e);
        }
      })).await(10, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(BankException.class);
      assertThat(((BankException) failure).kind()).isEqualTo(Kind.NOT_SENT);
    }
  }

  @Test
  void aFailedExplicitSignInIsNotKeptAsTheSession(Vertx vertx) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    NetServer bank = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      socket.close(); // no answer: every sign-in fails
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      BdcClient client = new BdcClient(vertx, BankLink.of("102", "C35020", Duration.ofSeconds(2)),
          new BdcClient.Endpoint("127.0.0.1", bank.actualPort(), Duration.ofSeconds(2),
              Sm2Keys.fromSeed("bdc-session-test")), Clock.systemUTC());
      Throwable signIn = client.signIn().transform(ar -> Future.succeededFuture(ar.cause()))
          .await(10, TimeUnit.SECONDS);
      assertThat(signIn).isInstanceOf(BankException.class);
      assertThat(connections.get()).isEqualTo(1);
      // The next business call signs in anew instead of failing on the remembered failure.
      Throwable balance = client.balance("3502000000000001").transform(ar -> Future.succeededFuture(ar.cause()))
          .await(10, TimeUnit.SECONDS);
      assertThat(balance).isInstanceOf(BankException.class);
      assertThat(connections.get()).isEqualTo(2);
      client.close().await(10, TimeUnit.SECONDS);
    } finally {
      bank.close().await(10, TimeUnit.SECONDS);
    }
  }
}
