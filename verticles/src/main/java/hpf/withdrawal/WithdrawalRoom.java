package hpf.withdrawal;

import hpf.crypto.FieldCipher;
import hpf.identity.Kit;
import hpf.identity.SmsGatewayClient;
import hpf.kit.EncryptedColumn;
import hpf.kit.OperationMaps;
import hpf.settlement.SettlementOutcome;
import hpf.sources.SourcesRoom;
import hpf.sources.consent.Consents;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The front door of the withdrawal room: its operations on the public and admin listeners, its encrypted columns,
 * what it does when a bank settles a payout, and its job (the agreed periodic withdrawals).
 */
public final class WithdrawalRoom {

  private final Kit kit;
  private final FieldCipher fields;
  /** The government data sources as this room sees them: consent, guard, evidence. */
  private final Verification verification;
  private final AgreedWithdrawalJob agreedWithdrawals;

  public WithdrawalRoom(Kit kit, FieldCipher fields, SourcesRoom sources, SmsGatewayClient sms) {
    this.kit = kit;
    this.fields = fields;
    this.verification = new DataSourceVerification(kit.pool(), sources.people(), new Consents(), sources.guard(),
        sources.evidenceLog(), sources.dataSources());
    this.agreedWithdrawals = new AgreedWithdrawalJob(kit.pool(), kit.audit(), fields, sms, verification, kit.clock());
  }

  /** The public listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    return OperationMaps.merge(
        new WithdrawalOperations(kit, verification, fields).operations(),
        new WithdrawalReviews(kit, verification, fields).operations(),
        new AgreementOperations(kit).operations());
  }

  /** The admin listener's operations of this room: the person lists and the agreed withdrawals' "run now". */
  public Map<String, Handler<RoutingContext>> adminOperations() {
    return OperationMaps.merge(
        new PersonLists(kit.pool(), kit.audit(), kit.idempotency(), PersonLists.Kind.BLOCKED).operations(),
        new PersonLists(kit.pool(), kit.audit(), kit.idempotency(), PersonLists.Kind.KEY_REVIEW).operations(),
        agreedWithdrawals.operations());
  }

  /** Schedules this room's job: the agreed periodic withdrawals. */
  public void schedule(Vertx vertx) {
    agreedWithdrawals.schedule(vertx);
  }

  /** What this room does when a bank settles one of its payouts. */
  public static Map<String, SettlementOutcome> outcomes() {
    return Map.of(WithdrawalSettlement.PREFIX, new WithdrawalSettlement());
  }

  public static List<EncryptedColumn> encryptedColumns() {
    return WithdrawalOperations.encryptedColumns();
  }
}
