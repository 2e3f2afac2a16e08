package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * Counter staff seal (封存), unseal (启封) and close (注销) an employer with a reason; the employer and service
 * staff read its status history (deferrals included). A sealed or closed employer adds no members and gets no
 * remittance lists. Writes are idempotent and audited.
 */
public final class EmployerStatusOperations extends KitOperations {

  /** One status change: the locked employer, the reason and who, to the employer after the change. */
  @FunctionalInterface
  private interface Change {
    Future<Employers.Employer> apply(SqlConnection conn, Employers.Employer employer, String reason, Actor actor);
  }

  private final Employers employers;
  private final EmployerStatuses statuses;

  public EmployerStatusOperations(Kit kit) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.statuses = new EmployerStatuses(kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "sealEmployer", write("sealEmployer", statuses::seal),
        "unsealEmployer", write("unsealEmployer", statuses::unseal),
        "closeEmployer", write("closeEmployer", statuses::close),
        "listEmployerStatusChanges", auth.requireOwner(Caller.EMPLOYER, this::history));
  }

  private Handler<RoutingContext> write(String operation, Change change) {
    return auth.require(idempotency.write(operation, SessionAuth::callerKey, (ctx, conn) -> {
      if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
        return Future.failedFuture(new ProblemException(Profiles.forbidden()));
      }
      var request = Requests.validated(ctx);
      String employerId = request.getPathParameters().get("employerId").getString();
      String reason = request.getBody().getJsonObject().getString("reason");
      return employers.lockForChange(conn, employerId)
          .compose(employer -> change.apply(conn, employer, reason, Actor.of(ctx))
              .compose(after -> audit.append(conn, SessionAuth.audited(ctx, operation, "employer:" + employerId,
                      Map.of("fromStatus", employer.shownStatus(), "toStatus", after.shownStatus())))
                  .map(v -> new Idempotency.Answer(200, after.toJson()))));
    }));
  }

  private void history(RoutingContext ctx, String employerId) {
    employers.find(pool, employerId, false)
        .compose(employer -> EmployerStatuses.events(pool, employerId))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
