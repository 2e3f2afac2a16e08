package hpf.settlement;

import hpf.crypto.FieldCipher;
import hpf.identity.Kit;
import hpf.isolation.DependencyGuard;
import hpf.kit.EncryptedColumn;
import hpf.kit.OperationMaps;
import hpf.kit.SignedReplies;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.dispatch.BatchAdmin;
import hpf.settlement.dispatch.BatchGauges;
import hpf.settlement.dispatch.BatchWindow;
import hpf.settlement.dispatch.CardNumbers;
import hpf.settlement.dispatch.Payments;
import hpf.settlement.dispatch.SettlementAdmin;
import hpf.settlement.dispatch.SettlementRuntime;
import hpf.settlement.dispatch.SettlementTuning;
import hpf.settlement.inbound.BankNotices;
import hpf.settlement.inbound.IncomingMoney;
import hpf.settlement.inbound.NoticeAdmin;
import hpf.settlement.reconcile.DailyReconciliation;
import hpf.settlement.reconcile.ReceivedReferences;
import hpf.settlement.reconcile.Reconciler;
import hpf.settlement.reconcile.ReconciliationAdmin;
import hpf.settlement.reconcile.ReconciliationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The front door of the settlement room: its operations on the public, bank and admin listeners, its encrypted
 * column, its jobs (queue gauges, daily reconciliation) and its runtime verticle (the dispatcher). The business rooms'
 * outcomes and received references come in through the ports this room owns.
 */
public final class SettlementRoom {

  private final Kit kit;
  private final FieldCipher fields;
  private final DependencyGuard guard;
  private final MeterRegistry registry;
  private final Map<String, SettlementOutcome> outcomes;
  private final String instance;
  private final PartnerBanks partnerBanks;
  /** Daily reconciliation with each bank whose gateway is connected (those the dispatcher sends through). */
  private final Reconciler reconciler;
  private final DailyReconciliation dailyReconciliation;

  public SettlementRoom(Kit kit, FieldCipher fields, DependencyGuard guard, MeterRegistry registry,
                       Map<String, SettlementOutcome> outcomes, ReceivedReferences references, String instance) {
    this.kit = kit;
    this.fields = fields;
    this.guard = guard;
    this.registry = registry;
    this.outcomes = Map.copyOf(outcomes);
    this.instance = instance;
    this.partnerBanks = new PartnerBanks(kit.pool(), kit.clock());
    this.reconciler = new Reconciler(kit.pool(), guard, new ReconciliationMetrics(registry), kit.clock(), references);
    this.dailyReconciliation = new DailyReconciliation(kit.pool(), reconciler, instance);
  }

  /** The public listener's operations of this room: held instructions and their release. */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    return new InstructionReleases(kit).operations();
  }

  /** The bank listener's notices (incoming funds, results), answered signed. */
  public Map<String, Handler<RoutingContext>> bankOperations(SignedReplies signer, IncomingMoney incoming) {
    return new BankNotices(kit.pool(), signer, incoming, outcomes, registry, kit.clock()).operations();
  }

  /** The admin listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> adminOperations() {
    return OperationMaps.merge(
        new PartnerBankAdmin(kit.pool(), kit.audit(), kit.idempotency()).operations(),
        new SettlementAdmin(kit.pool(), outcomes, kit.audit(), kit.idempotency(), kit.clock()).operations(),
        new NoticeAdmin(kit.pool()).operations(),
        new BatchAdmin(kit.pool(), kit.audit(), kit.idempotency()).operations(),
        new ReconciliationAdmin(reconciler, kit.audit(), kit.idempotency()).operations());
  }

  /** Once the partner banks are known: the queue gauges (a series per bank from the first scrape), reconciliation. */
  public void startJobs(Vertx vertx, BatchWindow batchWindow) {
    new OutboxGauges(kit.pool(), registry).start(vertx);
    new BatchGauges(kit.pool(), registry, batchWindow, kit.clock()).start(vertx);
    reconciler.startMetrics(vertx);
    dailyReconciliation.start(vertx, Duration.ofHours(1));
  }

  /** The runtime verticle: sends the outbox through one gateway per partner bank, as resolved at its start. */
  public SettlementRuntime runtime(Supplier<Future<Map<String, BankGateway>>> gateways, SettlementTuning tuning,
                                   CardNumbers cards) {
    return new SettlementRuntime(new SettlementRuntime.Parts(kit.pool(), guard, outcomes,
        new Payments(kit.pool(), cards, new PayeeAccounts(fields)), registry, kit.clock(), instance), gateways, tuning,
        reconciler::connect);
  }

  public PartnerBanks partnerBanks() {
    return partnerBanks;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public static List<EncryptedColumn> encryptedColumns() {
    return List.of(PayeeAccounts.encryptedColumn());
  }
}
