package hpf.isolation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The guard's meters. Labels are bounded: the registered dependency ids, and fixed sets of outcomes, states and
 * probe results.
 */
final class DependencyMetrics {

  private final MeterRegistry registry;

  DependencyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void register(String dependency, Supplier<IsolationState> state) {
    Gauge.builder("hpf_dependency_state", () -> state.get().gauge())
        .description("Isolation state of the dependency: 0 available, 1 isolated, 2 probing")
        .tag("dependency", dependency).register(registry);
  }

  /** outcome: success, failure, timeout, slow, rejected (concurrency cap), isolated (failed fast). */
  void call(String dependency, String outcome) {
    Counter.builder("hpf_dependency_calls_total").description("Calls to a dependency through its guard, by outcome")
        .tags("dependency", dependency, "outcome", outcome).register(registry).increment();
  }

  void latency(String dependency, Duration elapsed) {
    Timer.builder("hpf_dependency_latency").description("Latency of calls that reached the dependency")
        .tag("dependency", dependency).register(registry).record(elapsed);
  }

  void transition(String dependency, IsolationState from, IsolationState to) {
    Counter.builder("hpf_dependency_transitions_total").description("State transitions, counted by the instance making them")
        .tags("dependency", dependency, "from", from.name(), "to", to.name()).register(registry).increment();
  }

  void probe(String dependency, boolean succeeded) {
    Counter.builder("hpf_dependency_probes_total").description("Synthetic probes of isolated dependencies")
        .tags("dependency", dependency, "result", succeeded ? "success" : "failure").register(registry).increment();
  }
}
