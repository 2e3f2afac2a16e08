package hpf.account;

import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.sources.AnswerJson;
import hpf.sources.NationalRegistryClient;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * An employer against the enterprise registry (企业信息查询) before it is opened or renamed, through the guard, with
 * the query and answer kept as evidence. The registry is public information about an enterprise, not personal data,
 * so no consent is asked. Not registered, cancelled or revoked: refused ({@code EMPLOYER_NOT_IN_REGISTRY}). A name
 * that differs from the registered one, or a registry that cannot answer now (isolated, failing): the write goes on
 * as NOT_VERIFIED with the reason, for staff to follow up.
 */
public final class RegistryVerification implements EmployerRegistryCheck {

  private static final String DEPENDENCY = "national.enterprise";

  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final NationalRegistryClient registry;

  public RegistryVerification(DependencyGuard guard, EvidenceLog evidence, NationalRegistryClient registry) {
    this.guard = guard;
    this.evidence = evidence;
    this.registry = registry;
  }

  @Override
  public Future<Verification> verify(String creditCode, String name) {
    return guard.call(DEPENDENCY, () -> registry.enterprise(creditCode))
        .compose(enterprise -> evidence.record(new Evidence(DEPENDENCY, new JsonObject().put("creditCode", creditCode)
                    .put("name", name), enterprise == null ? new JsonObject().put("found", false)
                    : AnswerJson.json(enterprise), "employer-registry:" + creditCode, null))
            .map(evidenceId -> judge(enterprise, name, evidenceId)))
        .recover(e -> Future.succeededFuture(Verification.notVerified(e instanceof DependencyIsolatedException isolated
            ? isolated.serviceName() + "暂不可用（已隔离），待核实" : "企业信息查询暂时无法查询，待核实")));
  }

  private static Verification judge(NationalRegistryClient.Enterprise enterprise, String name, String evidenceId) {
    if (enterprise == null || !enterprise.active()) {
      return Verification.refused(LifecycleProblems.EMPLOYER_NOT_IN_REGISTRY);
    }
    if (!enterprise.name().equals(name)) {
      return Verification.notVerified("登记名称为“" + enterprise.name() + "”，与申报名称不一致，待核实（存证 " + evidenceId + "）");
    }
    return Verification.verified("企业登记信息一致（存证 " + evidenceId + "）");
  }
}
