package hpf.settlement.dispatch;

import hpf.isolation.Dependency;
import hpf.isolation.DependencyGuard;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The settlement runtime as its own verticle. Start: one gateway per partner bank, each behind the guard as
 * {@code bank.<code>} (probe: the bank's own), then the dispatcher, and the gateways handed to reconciliation.
 * Undeploy: no new settlement work, the bank calls in flight finish (bounded by the tuning's drain), then the
 * day's sign-out of the banks.
 */
public final class SettlementRuntime extends VerticleBase {

  /** What the runtime works with: the database, the guard, the rooms' outcomes, payee lookups, meters, clock. */
  public record Parts(Pool pool, DependencyGuard guard, Map<String, SettlementOutcome> outcomes, Payments payments,
                      MeterRegistry registry, Clock clock, String instance) {
  }

  private final Parts parts;
  private final Supplier<Future<Map<String, BankGateway>>> gateways;
  private final SettlementTuning tuning;
  private final Consumer<BankGateway> connected;
  private Dispatcher dispatcher;

  /**
   * @param gateways  resolves the partner banks' gateways at start
   * @param connected told of each gateway once the dispatcher sends through it (daily reconciliation)
   */
  public SettlementRuntime(Parts parts, Supplier<Future<Map<String, BankGateway>>> gateways, SettlementTuning tuning,
                           Consumer<BankGateway> connected) {
    this.parts = parts;
    this.gateways = gateways;
    this.tuning = tuning;
    this.connected = connected;
  }

  @Override
  public Future<?> start() {
    return gateways.get().compose(byBank -> Future.all(byBank.values().stream()
            .map(gateway -> parts.guard().register(Dependency.of(Dispatcher.dependencyOf(gateway.bankCode()),
                "合作银行结算接口（" + gateway.bankCode() + "）", gateway::probe).with(tuning.bankGuard())))
            .toList())
        .map(registered -> {
          dispatcher = new Dispatcher(vertx, parts.pool(), byBank, parts.outcomes(), parts.guard(), parts.payments(),
              tuning.dispatch(), tuning.batch(), new DispatchMetrics(parts.registry()), parts.clock(),
              parts.instance());
          dispatcher.start();
          ConnectionGauges.register(parts.registry(), byBank.values());
          byBank.values().forEach(connected);
          return null;
        }));
  }

  /** Takes no new settlement work, waits (bounded) for the bank calls in flight, then signs out of the banks. */
  @Override
  public Future<?> stop() {
    if (dispatcher == null) {
      return Future.succeededFuture();
    }
    dispatcher.stop();
    long deadline = System.nanoTime() + tuning.drain().toNanos();
    return Future.<Void>future(done -> awaitIdle(deadline, done)).compose(v -> dispatcher.signOut());
  }

  private void awaitIdle(long deadline, Promise<Void> done) {
    if (dispatcher.inFlight() == 0 || System.nanoTime() > deadline) {
      done.complete();
      return;
    }
    vertx.setTimer(50, id -> awaitIdle(deadline, done));
  }
}
