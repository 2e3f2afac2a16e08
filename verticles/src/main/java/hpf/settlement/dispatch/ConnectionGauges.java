package hpf.settlement.dispatch;

import hpf.settlement.bank.BankConnections;
import hpf.settlement.bank.BankGateway;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.ToIntFunction;

/**
 * The banks' persistent connections, per bank (bounded: the partner banks the runtime has gateways for):
 * {@code hpf_settlement_bank_connections_open}, {@code _idle}, {@code _in_use}, and
 * {@code hpf_settlement_bank_connections_discarded_total{bank,reason}} (timeout, broken, closed_by_bank,
 * idle_expired), read from the gateways when scraped.
 */
final class ConnectionGauges {

  private ConnectionGauges() {}

  static void register(MeterRegistry registry, Collection<BankGateway> gateways) {
    for (BankGateway gateway : gateways) {
      if (gateway instanceof BankConnections pool) {
        gauge(registry, pool, "hpf_settlement_bank_connections_open", "Connections to the bank, open or opening",
            BankConnections.State::open);
        gauge(registry, pool, "hpf_settlement_bank_connections_idle", "Connections to the bank kept for reuse",
            BankConnections.State::idle);
        gauge(registry, pool, "hpf_settlement_bank_connections_in_use", "Connections to the bank carrying a request",
            BankConnections.State::inUse);
        for (BankConnections.Discard why : BankConnections.Discard.values()) {
          FunctionCounter.builder("hpf_settlement_bank_connections_discarded_total", pool,
                  p -> p.connections().discarded(why))
              .description("Connections to the bank closed by the client, by reason")
              .tags("bank", pool.bankCode(), "reason", why.label()).register(registry);
        }
      }
    }
  }

  private static void gauge(MeterRegistry registry, BankConnections pool, String name, String help,
                            ToIntFunction<BankConnections.State> read) {
    Gauge.builder(name, pool, p -> read.applyAsInt(p.connections())).description(help).tag("bank", pool.bankCode())
        .strongReference(true).register(registry);
  }
}
