package hpf.isolation;

import hpf.kit.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static hpf.isolation.GuardFixture.await;
import static hpf.isolation.GuardFixture.eventually;
import static hpf.isolation.GuardFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One member's breaker on its own (no cluster): it opens after failures in a row and tells why, refuses at once while
 * open, and a reset (the cluster's lift) starts afresh; the guard's refusals are the kit's problems.
 */
class MemberBreakerTest {

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void opensAfterFailuresInARowRefusesAtOnceAndStartsAfreshAfterALift() throws Exception {
    FakeDependency dependency = new FakeDependency(vertx);
    Dependency spec = new Dependency("test.member-breaker", "测试数据", GuardFixture.tuning(3, 20, 10, 0.9, 5_000),
        dependency.probe());
    List<String> opened = new CopyOnWriteArrayList<>();
    MemberBreaker breaker = new MemberBreaker(vertx, spec, java.time.Clock.systemUTC(),
        new DependencyMetrics(meters), opened::add);
    try {
      dependency.set(FakeDependency.Mode.FAILING);
      for (int i = 0; i < 3; i++) {
        assertThat(failureOf(breaker.call(dependency.request()))).isInstanceOf(IllegalStateException.class);
      }
      eventually(() -> opened.size() == 1, "the breaker reports its opening");
      assertThat(opened).containsExactly("连续 3 次调用失败");

      int reached = dependency.calls();
      Throwable refused = failureOf(breaker.call(dependency.request()));
      assertThat(refused).isInstanceOf(DependencyIsolatedException.class);
      assertThat(dependency.calls()).isEqualTo(reached);
      assertThat(((DependencyIsolatedException) refused).nextProbeAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));

      dependency.set(FakeDependency.Mode.HEALTHY);
      breaker.reset();
      assertThat(await(breaker.call(dependency.request()))).isEqualTo("answer");
      assertThat(opened).hasSize(1);
      assertThat(meters.find("hpf_dependency_calls_total").tags("outcome", "isolated").counter().count()).isEqualTo(1);
    } finally {
      breaker.close();
    }
  }

  @Test
  void withoutALiftTheLibraryHalfOpensAfterTheBaseSuspensionAndOneCallTries() throws Exception {
    FakeDependency dependency = new FakeDependency(vertx);
    Dependency spec = new Dependency("test.half-open", "测试数据", new Dependency.Tuning(Duration.ofMillis(300), 4, 2, 20,
        10, 0.9, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMinutes(15), 2, Duration.ofSeconds(10)),
        dependency.probe());
    List<String> opened = new CopyOnWriteArrayList<>();
    MemberBreaker breaker = new MemberBreaker(vertx, spec, java.time.Clock.systemUTC(),
        new DependencyMetrics(meters), opened::add);
    try {
      dependency.set(FakeDependency.Mode.FAILING);
      failureOf(breaker.call(dependency.request()));
      failureOf(breaker.call(dependency.request()));
      eventually(() -> opened.size() == 1, "opened");
      int reached = dependency.calls();
      eventually(() -> tried(breaker, dependency) && dependency.calls() > reached, "a trial call after the suspension");
      eventually(() -> opened.size() == 2, "the failed trial opens it again");
      assertThat(opened).containsExactly("连续 2 次调用失败", "恢复试探调用失败");

      dependency.set(FakeDependency.Mode.HEALTHY);
      eventually(() -> tried(breaker, dependency), "a successful trial closes it");
      assertThat(await(breaker.call(dependency.request()))).isEqualTo("answer");
    } finally {
      breaker.close();
    }
  }

  /** Whether a call got an answer or the dependency's own failure, i.e. was not refused by the open breaker. */
  private static boolean tried(MemberBreaker breaker, FakeDependency dependency) {
    try {
      return !(failureOf(breaker.call(dependency.request())) instanceof DependencyIsolatedException);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theGuardsRefusalsAreTheKitsProblems() {
    Instant next = Instant.now().plus(Duration.ofMinutes(5));
    ProblemException isolated = new DependencyIsolatedException("test.x", "测试数据", next);
    ProblemException busy = new DependencyBusyException("test.x", "测试数据");
    ProblemException timeout = new DependencyTimeoutException("test.x", "测试数据");
    assertThat(isolated.problem().status()).isEqualTo(503);
    assertThat(isolated.problem().code()).isEqualTo("DEPENDENCY_ISOLATED");
    assertThat(isolated.retryAfterSeconds()).isBetween(290L, 300L);
    assertThat(new DependencyIsolatedException("test.x", "测试数据", Instant.now().minusSeconds(5)).retryAfterSeconds())
        .isEqualTo(1);
    assertThat(busy.problem().status()).isEqualTo(503);
    assertThat(busy.problem().code()).isEqualTo("DEPENDENCY_BUSY");
    assertThat(busy.problem().title()).isEqualTo("测试数据繁忙");
    assertThat(busy.retryAfterSeconds()).isZero();
    assertThat(timeout.problem().status()).isEqualTo(504);
    assertThat(timeout.problem().code()).isEqualTo("DEPENDENCY_TIMEOUT");
    assertThat(timeout.problem().title()).isEqualTo("测试数据响应超时");
    assertThat(timeout.retryAfterSeconds()).isZero();
    assertThat(timeout.getMessage()).isEqualTo("dependency test.x timed out");
  }
}
