package hpf.sources;

import hpf.audit.ChainKeys;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Kit;
import hpf.identity.People;
import hpf.isolation.Dependency;
import hpf.isolation.DependencyGuard;
import hpf.kit.EncryptedColumn;
import hpf.kit.OperationMaps;
import hpf.sources.consent.ConsentOperations;
import hpf.sources.consent.Consents;
import hpf.sources.consent.NationalAuthorizationList;
import hpf.sources.consent.NationalFiling;
import hpf.sources.evidence.EvidenceChainCheck;
import hpf.sources.evidence.EvidenceLog;
import hpf.sources.evidence.EvidenceOperations;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The front door of the data sources room: its operations (consent, evidence, the members' national deposit
 * inquiry), its encrypted column, the registration of every source query behind the guard, and what the rooms that
 * verify applications go through (the guard, the evidence log, the clients).
 */
public final class SourcesRoom {

  private final Kit kit;
  private final FieldCipher fields;
  private final DependencyGuard guard;
  private final DataSources dataSources;
  private final EvidenceLog evidenceLog;
  private final EvidenceOperations evidence;
  /** Consent's national side: filing a grant and the staff list. */
  private final NationalFiling nationalFiling;
  private final NationalAuthorizationList nationalAuthorizations;
  /** The members' live lookup of their deposits at every center (national platform). */
  private final NationalDepositInquiry depositInquiry;

  public SourcesRoom(Vertx vertx, Kit kit, FieldCipher fields, KeyRing<Sm2Keys.Private> keys, ChainKeys chainKeys,
                     DependencyGuard guard, DataSources dataSources) {
    this.kit = kit;
    this.fields = fields;
    this.guard = guard;
    this.dataSources = dataSources;
    this.evidence = new EvidenceOperations(vertx, kit, fields, keys, chainKeys);
    this.evidenceLog = new EvidenceLog(vertx, kit.pool(), fields, keys, chainKeys, kit.clock());
    this.nationalFiling = new NationalFiling(guard, evidenceLog, dataSources.authorizations(), new People(fields));
    this.nationalAuthorizations = new NationalAuthorizationList(kit.pool(), new People(fields), guard, evidenceLog,
        dataSources.authorizations(), kit.audit());
    this.depositInquiry = new NationalDepositInquiry(kit, new People(fields), new Consents(), guard, evidenceLog,
        dataSources);
  }

  /** The public listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    return OperationMaps.merge(
        new ConsentOperations(kit, new Consents(), nationalFiling, nationalAuthorizations).operations(),
        depositInquiry.operations(),
        evidence.operations());
  }

  /** Every data source query behind the guard, with its synthetic probe (a reserved identity, never a member). */
  public Future<Void> registerDependencies() {
    return Future.all(DataSources.queries().stream()
        .map(q -> guard.register(Dependency.of(q.dependency(), q.name(), () -> dataSources.probe(q.dependency()))))
        .toList()).mapEmpty();
  }

  /** The evidence chain, for the anchors and the chain admin. */
  public EvidenceChainCheck chainCheck() {
    return evidence.chainCheck();
  }

  public static List<EncryptedColumn> encryptedColumns() {
    return List.of(EvidenceLog.encryptedColumn());
  }

  public DependencyGuard guard() {
    return guard;
  }

  public EvidenceLog evidenceLog() {
    return evidenceLog;
  }

  public DataSources dataSources() {
    return dataSources;
  }

  /** The people register as the verifying rooms read it (decrypting with the platform's field keys). */
  public People people() {
    return new People(fields);
  }
}
