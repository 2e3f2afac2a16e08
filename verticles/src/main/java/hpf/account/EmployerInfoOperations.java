package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Identifiers;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * 单位信息变更: the employer itself changes its address, postal code and contact person and phone online; counter
 * staff change anything, including the name (verified against the enterprise registry) and the legal
 * representative, which need the registration documents. Every changed field is kept as history; the employer and
 * service staff read the information and its history. A closed employer changes nothing.
 */
public final class EmployerInfoOperations extends KitOperations {

  /** What needs the counter (registration documents): the employer itself cannot change these online. */
  private static final Set<String> COUNTER_ONLY = Set.of("name", "legalRepresentative");

  private final EmployerRegistryCheck registry;
  private final EmployerInfo info;
  private final Employers employers;

  public EmployerInfoOperations(Kit kit, FieldCipher fields, EmployerRegistryCheck registry) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.registry = registry;
    this.info = new EmployerInfo(fields);
  }

  /** The employer's encrypted contact phone column, for key rotation. */
  public static hpf.kit.EncryptedColumn encryptedColumn() {
    return EmployerInfo.encryptedColumn();
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "changeEmployerInfo", auth.require(idempotency.write("changeEmployerInfo", SessionAuth::callerKey, this::change)),
        "getEmployerInfo", auth.requireOwner(Caller.EMPLOYER, this::read),
        "listEmployerInfoChanges", auth.requireOwner(Caller.EMPLOYER, this::history));
  }

  private Future<Idempotency.Answer> change(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    Map<String, String> requested = new LinkedHashMap<>();
    EmployerInfo.COLUMNS.keySet().forEach(field -> {
      if (body.containsKey(field)) {
        requested.put(field, body.getString(field));
      }
    });
    if (!Profiles.isCounterStaff(caller) && requested.keySet().stream().anyMatch(COUNTER_ONLY::contains)) {
      return Future.failedFuture(new ProblemException(LifecycleProblems.COUNTER_CHANGE_ONLY));
    }
    if (requested.containsKey("contactPhone") && !Identifiers.isMobile(requested.get("contactPhone"))) {
      return Future.failedFuture(new ProblemException(AccountProblems.PHONE_INVALID));
    }
    Actor actor = Actor.of(ctx);
    return employers.lockForChange(conn, employerId)
        .compose(employer -> "04".equals(employer.status())
            ? Future.failedFuture(new ProblemException(LifecycleProblems.EMPLOYER_CLOSED))
            : info.current(conn, employerId).compose(before -> {
              Map<String, String> changed = EmployerInfo.differences(before, requested);
              if (changed.isEmpty()) {
                return Future.failedFuture(new ProblemException(LifecycleProblems.INFO_UNCHANGED));
              }
              // A new name must be the registered one: the registry hook is awaited before anything is written.
              Future<Void> verified = !changed.containsKey("name") ? Future.succeededFuture()
                  : Verifications.await(() -> registry.verify(employer.creditCode(), changed.get("name")))
                      .compose(answer -> Verifications.record(conn, "employer:" + employerId,
                          EmployerRegistryCheck.NAME, answer));
              return verified
                  .compose(v -> info.change(conn, employerId, before, changed, actor))
                  .compose(v -> audit.append(conn, SessionAuth.audited(ctx, "changeEmployerInfo", "employer:" + employerId,
                      Map.of("fields", String.join(",", changed.keySet())))))
                  .compose(v -> info.current(conn, employerId))
                  .map(after -> new Idempotency.Answer(200, EmployerInfo.toJson(employer, after)));
            }));
  }

  private void read(RoutingContext ctx, String employerId) {
    employers.find(pool, employerId, false)
        .compose(employer -> info.current(pool, employerId).map(values -> EmployerInfo.toJson(employer, values)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx, String employerId) {
    employers.find(pool, employerId, false)
        .compose(employer -> info.history(pool, employerId))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
