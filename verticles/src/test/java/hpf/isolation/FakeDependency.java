package hpf.isolation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** A dependency that answers, fails, answers late or hangs on command, and counts the requests that reach it. */
final class FakeDependency {

  enum Mode { HEALTHY, FAILING, HANGING }

  private final Vertx vertx;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger probes = new AtomicInteger();
  private volatile long delayMillis;

  FakeDependency(Vertx vertx) {
    this.vertx = vertx;
  }

  void set(Mode m) {
    mode.set(m);
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  int calls() {
    return calls.get();
  }

  int probes() {
    return probes.get();
  }

  /** A user's request. */
  Supplier<Future<String>> request() {
    return () -> {
      calls.incrementAndGet();
      return answer("answer");
    };
  }

  /** The synthetic probe. */
  Supplier<Future<Void>> probe() {
    return () -> {
      probes.incrementAndGet();
      return answer(null).mapEmpty();
    };
  }

  private Future<String> answer(String value) {
    Mode now = mode.get();
    if (now == Mode.HANGING) {
      return Promise.<String>promise().future();
    }
    Promise<String> promise = Promise.promise();
    Runnable complete = () -> {
      if (now == Mode.FAILING) {
        promise.fail(new IllegalStateException("connection refused (simulated)"));
      } else {
        promise.complete(value);
      }
    };
    if (delayMillis > 0) {
      vertx.setTimer(delayMillis, t -> complete.run());
    } else {
      complete.run();
    }
    return promise.future();
  }
}
