package hpf.isolation;

import hpf.boot.TestPlatform;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static hpf.isolation.GuardFixture.await;
import static hpf.isolation.GuardFixture.eventually;
import static hpf.isolation.GuardFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** One member's guard with a hand-moved clock: detection, fail fast, probing, recovery and growing suspensions. */
class DependencyGuardTest {

  private GuardFixture f;
  private FakeDependency dependency;

  @BeforeEach
  void setUp() {
    f = new GuardFixture(TestPlatform.app());
    dependency = new FakeDependency(TestPlatform.app().vertx());
  }

  @AfterEach
  void tearDown() {
    f.guard.close();
  }

  private String register(String prefix, Dependency.Tuning tuning) throws Exception {
    String id = GuardFixture.newId(prefix);
    await(f.guard.register(new Dependency(id, "不动产登记数据", tuning, dependency.probe())));
    return id;
  }

  @Test
  void anOutageIsolatesTheDependencyThenProbesBringItBack() throws Exception {
    String id = register("outage", GuardFixture.tuning(3, 20, 10, 0.9, 5_000));
    assertThat(await(f.guard.call(id, dependency.request()))).isEqualTo("answer");

    dependency.set(FakeDependency.Mode.FAILING);
    for (int i = 0; i < 3; i++) {
      assertThat(failureOf(f.guard.call(id, dependency.request()))).isInstanceOf(IllegalStateException.class);
    }
    eventually(() -> f.guard.status(id).state() == IsolationState.ISOLATED, "isolated after 3 failures in a row");
    DependencyStatus isolated = f.guard.status(id);
    assertThat(isolated.nextProbeAt()).isEqualTo(isolated.since().plus(Duration.ofMinutes(5)));

    // Fail fast: the request never reaches the dependency, and the answer names the service and the next probe.
    int reached = dependency.calls();
    Throwable refused = failureOf(f.guard.call(id, dependency.request()));
    assertThat(dependency.calls()).isEqualTo(reached);
    assertThat(refused).isInstanceOf(DependencyIsolatedException.class);
    DependencyIsolatedException e = (DependencyIsolatedException) refused;
    assertThat(e.problem().status()).isEqualTo(503);
    assertThat(e.problem().code()).isEqualTo("DEPENDENCY_ISOLATED");
    assertThat(e.problem().title()).isEqualTo("不动产登记数据暂不可用");
    assertThat(e.nextProbeAt()).isEqualTo(isolated.nextProbeAt());
    assertThat(f.counter("hpf_dependency_calls_total", "dependency", id, "outcome", "isolated")).isEqualTo(1);

    // No probe before the suspension is over; then the synthetic probe, never a user's request.
    dependency.set(FakeDependency.Mode.HEALTHY);
    await(f.guard.tick());
    assertThat(dependency.probes()).isZero();
    f.clock.advance(Duration.ofMinutes(5));
    await(f.guard.tick());
    assertThat(dependency.probes()).isEqualTo(1);
    assertThat(dependency.calls()).isEqualTo(reached);
    assertThat(f.guard.status(id).state()).isEqualTo(IsolationState.PROBING);
    assertThat(f.guard.status(id).probeSuccesses()).isEqualTo(1);
    assertThat(failureOf(f.guard.call(id, dependency.request()))).isInstanceOf(DependencyIsolatedException.class);

    // The second successful probe, one probe interval later, lifts the isolation.
    await(f.guard.tick());
    assertThat(dependency.probes()).isEqualTo(1);
    f.clock.advance(Duration.ofSeconds(10));
    await(f.guard.tick());
    assertThat(dependency.probes()).isEqualTo(2);
    assertThat(f.guard.status(id).state()).isEqualTo(IsolationState.AVAILABLE);
    assertThat(await(f.guard.call(id, dependency.request()))).isEqualTo("answer");

    assertThat(f.transitions(id)).containsExactly("dependencyTransition:AVAILABLE>ISOLATED",
        "dependencyTransition:ISOLATED>PROBING", "dependencyTransition:PROBING>PROBING",
        "dependencyTransition:PROBING>AVAILABLE");
    assertThat(f.storedState(id)).isEqualTo("AVAILABLE");
    assertThat(f.counter("hpf_dependency_probes_total", "dependency", id, "result", "success")).isEqualTo(2);
    assertThat(f.counter("hpf_dependency_transitions_total", "dependency", id, "from", "PROBING", "to", "AVAILABLE"))
        .isEqualTo(1);
    assertThat(f.meters.find("hpf_dependency_state").tag("dependency", id).gauge().value()).isZero();
  }

  @Test
  void aFailedProbeExtendsTheSuspensionGrowingUpToItsCap() throws Exception {
    String id = register("extend", GuardFixture.tuning(2, 20, 10, 0.9, 5_000));
    dependency.set(FakeDependency.Mode.FAILING);
    failureOf(f.guard.call(id, dependency.request()));
    failureOf(f.guard.call(id, dependency.request()));
    eventually(() -> f.guard.status(id).state() == IsolationState.ISOLATED, "isolated");

    f.clock.advance(Duration.ofMinutes(5));
    await(f.guard.tick());
    DependencyStatus extended = f.guard.status(id);
    assertThat(extended.state()).isEqualTo(IsolationState.ISOLATED);
    assertThat(extended.suspensionSeconds()).isEqualTo(600);
    assertThat(extended.nextProbeAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(10)));

    f.clock.advance(Duration.ofMinutes(5));
    await(f.guard.tick());
    assertThat(dependency.probes()).as("not due yet").isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(5));
    await(f.guard.tick());
    // Doubling would give 20 minutes; the cap is 15.
    assertThat(f.guard.status(id).suspensionSeconds()).isEqualTo(900);
    assertThat(f.counter("hpf_dependency_probes_total", "dependency", id, "result", "failure")).isEqualTo(2);
    assertThat(f.transitions(id)).containsExactly("dependencyTransition:AVAILABLE>ISOLATED",
        "dependencyTransition:ISOLATED>PROBING", "dependencyTransition:PROBING>ISOLATED",
        "dependencyTransition:ISOLATED>PROBING", "dependencyTransition:PROBING>ISOLATED");
    assertThat(dependency.calls()).as("probes are never users' requests").isEqualTo(2);
  }

  @Test
  void aFailureRatioWithSlowCallsCountingIsolatesOnceEnoughCallsWereMade() throws Exception {
    String id = register("ratio", GuardFixture.tuning(100, 10, 6, 0.5, 40));
    // Two quick answers, then three slow ones: slow counts as failing, but 3 of 5 is below the minimum of 6 calls.
    await(f.guard.call(id, dependency.request()));
    await(f.guard.call(id, dependency.request()));
    dependency.delay(80);
    for (int i = 0; i < 3; i++) {
      assertThat(await(f.guard.call(id, dependency.request()))).isEqualTo("answer");
    }
    assertThat(f.guard.status(id).state()).isEqualTo(IsolationState.AVAILABLE);
    assertThat(f.counter("hpf_dependency_calls_total", "dependency", id, "outcome", "slow")).isEqualTo(3);
    await(f.guard.call(id, dependency.request()));
    eventually(() -> f.guard.status(id).state() == IsolationState.ISOLATED, "4 of 6 slow: isolated");
    assertThat(f.guard.status(id).cause()).contains("6 次调用中 4 次失败");
  }

  @Test
  void aHangingDependencyTimesOutAndCallsOverTheCapFailFast() throws Exception {
    String id = register("hang", GuardFixture.tuning(100, 20, 20, 1.0, 5_000));
    dependency.set(FakeDependency.Mode.HANGING);
    List<Future<String>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(f.guard.call(id, dependency.request()));
    }
    Throwable overCap = failureOf(f.guard.call(id, dependency.request()));
    assertThat(overCap).isInstanceOf(DependencyBusyException.class);
    assertThat(((DependencyBusyException) overCap).problem().code()).isEqualTo("DEPENDENCY_BUSY");
    assertThat(dependency.calls()).isEqualTo(4);
    for (Future<String> call : inFlight) {
      assertThat(failureOf(call)).isInstanceOf(DependencyTimeoutException.class);
    }
    // The timed-out calls gave their places back.
    dependency.set(FakeDependency.Mode.HEALTHY);
    assertThat(await(f.guard.call(id, dependency.request()))).isEqualTo("answer");
    assertThat(f.counter("hpf_dependency_calls_total", "dependency", id, "outcome", "timeout")).isEqualTo(4);
    assertThat(f.counter("hpf_dependency_calls_total", "dependency", id, "outcome", "rejected")).isEqualTo(1);
  }
}
