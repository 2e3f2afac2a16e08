package hpf.isolation;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's side of one dependency: the concurrency cap, and a vertx-circuit-breaker that times each call out,
 * judges it by the failure policy (a failure, a timeout or an answer slower than {@code slowCall} counts against the
 * dependency) and opens after {@code consecutiveFailures} of them in a row; the failure ratio ({@link FailureDetector})
 * opens it too. Opening is reported to the cluster layer, which isolates the dependency on every member; a lift there
 * gives this member a fresh breaker. While open, the breaker refuses at once even before the cluster's state arrives;
 * after the base suspension the library half-opens it and lets one call try, which recovers a member whose report the
 * cluster could not take. The breaker's timers are Vert.x timers: no thread of its own, nothing blocks.
 */
final class MemberBreaker {

  /** Failures further apart than this are not "in a row" (the breaker counts them in a rolling window). */
  static final Duration IN_A_ROW_WITHIN = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(MemberBreaker.class);

  private final Vertx vertx;
  private final Dependency spec;
  private final Clock clock;
  private final DependencyMetrics metrics;
  private final Consumer<String> opened;
  private final Semaphore bulkhead;
  private final FailureDetector ratio;
  private final CircuitBreaker probes;
  private volatile Generation current;

  /** @param opened told the cause, on a Vert.x context, whenever this member's breaker opens */
  MemberBreaker(Vertx vertx, Dependency spec, Clock clock, DependencyMetrics metrics, Consumer<String> opened) {
    this.vertx = vertx;
    this.spec = spec;
    this.clock = clock;
    this.metrics = metrics;
    this.opened = opened;
    this.bulkhead = new Semaphore(spec.tuning().maxConcurrent());
    this.ratio = new FailureDetector(spec.tuning());
    // The probe's own breaker never opens: the cluster's state, not a count, says what a failed probe means.
    this.probes = CircuitBreaker.create("hpf.isolation.probe." + spec.id(), vertx, options(Integer.MAX_VALUE, -1));
    this.current = new Generation();
  }

  /** The call through the cap and the breaker, counted and timed; fails with the guard's exceptions or its own. */
  <T> Future<T> call(Supplier<Future<T>> call) {
    if (!bulkhead.tryAcquire()) {
      metrics.call(spec.id(), "rejected");
      return Future.failedFuture(new DependencyBusyException(spec.id(), spec.name()));
    }
    Generation g = current;
    Answer<T> answer = new Answer<>();
    long started = System.nanoTime();
    long slowNanos = spec.tuning().slowCall().toNanos();
    return g.breaker.<Answer<T>>execute(() -> call.get().map(v -> answer.answered(v, System.nanoTime() - started > slowNanos)))
        .transform(ar -> {
          bulkhead.release();
          Throwable failure = ar.cause();
          String outcome;
          Future<T> result;
          if (ar.succeeded()) {
            outcome = "success";
            result = Future.succeededFuture(ar.result().value);
          } else if (failure instanceof OpenCircuitException) {
            outcome = "isolated";
            result = Future.failedFuture(new DependencyIsolatedException(spec.id(), spec.name(),
                clock.instant().plus(spec.tuning().suspension())));
          } else if (failure instanceof TimeoutException) {
            outcome = "timeout";
            result = Future.failedFuture(new DependencyTimeoutException(spec.id(), spec.name()));
          } else if (answer.done) {
            // Answered, but too late for the failure policy: a failure to the breaker, the caller's answer all the same.
            outcome = "slow";
            result = Future.succeededFuture(answer.value);
          } else {
            outcome = "failure";
            result = Future.failedFuture(failure);
          }
          metrics.call(spec.id(), outcome);
          if (!outcome.equals("isolated")) {
            metrics.latency(spec.id(), Duration.ofNanos(System.nanoTime() - started));
            String why = ratio.record(!outcome.equals("success"));
            if (why != null && g == current && g.breaker.state() == CircuitBreakerState.CLOSED) {
              g.ratioCause = why;
              g.breaker.open();
            }
          }
          return result;
        });
  }

  /** The synthetic probe under the dependency's timeout; never a user's request, never through the cap. */
  Future<Boolean> probe() {
    return probes.<Void>execute(spec.probe()).map(v -> true).otherwise(e -> {
      LOG.atInfo().addKeyValue("dependency", spec.id()).addKeyValue("reason", e instanceof TimeoutException
          ? "no answer within " + spec.tuning().timeout().toMillis() + " ms" : e.getMessage()).log("probe failed");
      return false;
    });
  }

  /** After a lift: a fresh breaker and an empty ratio window, so old failures do not isolate the dependency again. */
  synchronized void reset() {
    Generation old = current;
    current = new Generation();
    ratio.reset();
    old.breaker.close();
  }

  void close() {
    current.breaker.close();
    probes.close();
  }

  private CircuitBreakerOptions options(int maxFailures, long resetMillis) {
    return new CircuitBreakerOptions().setTimeout(spec.tuning().timeout().toMillis()).setMaxFailures(maxFailures)
        .setFailuresRollingWindow(IN_A_ROW_WITHIN.toMillis()).setResetTimeout(resetMillis)
        .setMaxRetries(0).setFallbackOnFailure(false)
        // No event-bus notifications (and none of their periodic timers): the guard keeps its own meters.
        .setNotificationAddress(null);
  }

  /** One breaker and why it opened; replaced on every lift, so a replaced one's late failures isolate nothing. */
  private final class Generation {
    final CircuitBreaker breaker;
    volatile String ratioCause;
    volatile boolean trial;

    Generation() {
      breaker = CircuitBreaker.create("hpf.isolation." + spec.id(), vertx,
          options(spec.tuning().consecutiveFailures(), spec.tuning().suspension().toMillis()));
      breaker.<Answer<?>>failurePolicy(f -> f.failed() || f.result().slow);
      breaker.halfOpenHandler(v -> trial = true);
      breaker.closeHandler(v -> trial = false);
      breaker.openHandler(v -> opened());
    }

    /** Called by the library under its lock: the report to the cluster (I/O) runs after, on a context. */
    private void opened() {
      if (current != this) {
        return;
      }
      String why = ratioCause != null ? ratioCause : trial ? "恢复试探调用失败"
          : "连续 " + spec.tuning().consecutiveFailures() + " 次调用失败";
      ratioCause = null;
      trial = false;
      vertx.runOnContext(v -> MemberBreaker.this.opened.accept(why));
    }
  }

  /** What the dependency answered, kept apart from the breaker's verdict on it. */
  private static final class Answer<T> {
    volatile boolean done;
    volatile boolean slow;
    volatile T value;

    Answer<T> answered(T answered, boolean late) {
      value = answered;
      slow = late;
      done = true;
      return this;
    }
  }
}
