package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Kit;
import hpf.kit.EncryptedColumn;
import hpf.kit.OperationMaps;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.dispatch.CardNumbers;
import hpf.settlement.inbound.IncomingMoney;
import hpf.settlement.reconcile.ReceivedReferences;
import hpf.sources.SourcesRoom;
import hpf.sources.consent.Consents;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The front door of the account room: its operations on the public and admin listeners, its encrypted columns,
 * what it does when a bank settles one of its instructions or money arrives, and how settlement reads its cards.
 */
public final class AccountRoom {

  private final Vertx vertx;
  private final Kit kit;
  private final FieldCipher fields;
  private final KeyRing<Sm2Keys.Private> platformKeys;
  private final SourcesRoom sources;
  // Verification awaited before opening an employer and adding or unsealing a member: the employer against the
  // enterprise registry (public data, no consent needed); the member against its accounts elsewhere and its
  // pension, with the member's consent (personal data), else recorded NOT_VERIFIED.
  private final EmployerRegistryCheck registry;
  private final MemberEligibilityCheck eligibility;

  public AccountRoom(Vertx vertx, Kit kit, FieldCipher fields, KeyRing<Sm2Keys.Private> platformKeys,
                     SourcesRoom sources, String centerNo) {
    this.vertx = vertx;
    this.kit = kit;
    this.fields = fields;
    this.platformKeys = platformKeys;
    this.sources = sources;
    this.registry = new RegistryVerification(sources.guard(), sources.evidenceLog(),
        sources.dataSources().registry());
    this.eligibility = new MemberEligibilityVerification(kit.pool(), sources.people(), new Consents(), sources.guard(),
        sources.evidenceLog(), sources.dataSources(), centerNo);
  }

  /** The public listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    return OperationMaps.merge(
        new AccountOperations(kit, sources.people(), registry, eligibility).operations(),
        new EmployerInfoOperations(kit, fields, registry).operations(),
        new DeferralOperations(kit).operations(),
        new ContributionChangeOperations(kit).operations(),
        new EmployerStatusOperations(kit).operations(),
        new MemberInfoOperations(kit, sources.people()).operations(),
        new FlexibleOperations(kit, sources.people(), eligibility).operations(),
        new RemittanceOperations(kit).operations(),
        new DirectDebitOperations(kit, fields).operations(),
        new TransferOperations(kit, fields).operations(),
        new SupplementOperations(kit).operations(),
        new RefundOperations(kit, fields).operations(),
        new SuspenseOperations(kit, fields).operations(),
        new EmployerQueries(kit).operations(),
        new Certificates(vertx, kit, platformKeys).operations(),
        new BankCards(kit, fields).operations(),
        new MemberListOperations(vertx, kit, fields, sources.people(), eligibility).operations());
  }

  /** The admin listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> adminOperations() {
    return new InterestAdmin(kit.pool(), kit.audit(), kit.clock()).operations();
  }

  /** Money a bank reports as received: the list it pays, or suspense. */
  public IncomingMoney incomingMoney() {
    return new IncomingFunds(fields, kit.clock());
  }

  /** The business references of received money, for reconciliation. */
  public static ReceivedReferences receivedReferences() {
    return new ReceiptReferences();
  }

  /** What this room does when a bank settles one of its instructions, by business reference prefix. */
  public static Map<String, SettlementOutcome> outcomes(Clock clock) {
    return AccountSettlements.all(clock);
  }

  /** The members' bank card numbers, as settlement pays them. */
  public CardNumbers cardNumbers() {
    return BankCards.cardNumbers(fields);
  }

  public static List<EncryptedColumn> encryptedColumns() {
    return List.of(BankCards.encryptedColumn(), EmployerInfoOperations.encryptedColumn(),
        new EncryptedColumn("member_list_row", "row_id", "id_number_enc", MemberListRows.ID_FIELD),
        new EncryptedColumn("member_list_row", "row_id", "phone_enc", MemberListRows.PHONE_FIELD));
  }
}
