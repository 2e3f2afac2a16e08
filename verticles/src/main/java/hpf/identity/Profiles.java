package hpf.identity;

import hpf.crypto.FieldCipher;
import hpf.kit.Masking;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * Member and employer profiles, with the access rule every resource family follows: a member reaches only
 * itself, an employer only itself, staff with a service role reach anyone; another subject's id answers 404
 * (its existence is not revealed), and a kind of caller that never has access gets 403.
 */
public final class Profiles {

  static final List<String> SERVICE_ROLES = List.of("COUNTER", "REVIEWER", "APPROVER", "AUDITOR");
  private static final Problem NOT_FOUND = new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该资源。");

  private final Pool pool;
  private final FieldCipher fields;
  private final SessionAuth auth;

  Profiles(Pool pool, FieldCipher fields, SessionAuth auth) {
    this.pool = pool;
    this.fields = fields;
    this.auth = auth;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getMemberProfile", auth.require(this::member),
        "getEmployerProfile", auth.require(this::employer));
  }

  /** Counter staff: the staff who change business records (reviewers and auditors read). */
  public static boolean isCounterStaff(Caller caller) {
    return caller.is(Caller.STAFF) && caller.hasAnyRole(List.of("COUNTER"));
  }

  /** Reviewers (审核人员): the staff who decide reviews and release held payments (four eyes). */
  public static boolean isReviewer(Caller caller) {
    return caller.is(Caller.STAFF) && caller.hasAnyRole(List.of("REVIEWER"));
  }

  /** The answer to a caller that may not do this at all. */
  public static Problem forbidden() {
    return IdentityProblems.forbidden();
  }

  /** Null when the caller may change an owned resource: the owner itself or counter staff. */
  public static Problem writeRefusal(Caller caller, String ownerKind, String ownerId) {
    if (caller.is(Caller.STAFF)) {
      return isCounterStaff(caller) ? null : IdentityProblems.forbidden();
    }
    return refusal(caller, ownerKind, ownerId);
  }

  /** Null when allowed; otherwise the problem to answer. Shared by every member- or employer-owned resource. */
  public static Problem refusal(Caller caller, String ownerKind, String ownerId) {
    if (caller.is(Caller.STAFF)) {
      return caller.hasAnyRole(SERVICE_ROLES) ? null : IdentityProblems.forbidden();
    }
    if (!caller.is(ownerKind)) {
      return IdentityProblems.forbidden();
    }
    return caller.subjectId().equals(ownerId) ? null : NOT_FOUND;
  }

  private void member(RoutingContext ctx) {
    String personId = Requests.validated(ctx).getPathParameters().get("personId").getString();
    Problem refused = refusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      ctx.fail(new ProblemException(refused));
      return;
    }
    // Built inside the chain, so a failed decryption (e.g. a key version not deployed here yet) is answered.
    one("SELECT person_id, name, id_number_enc, phone_enc FROM person WHERE person_id = $1", personId)
        .map(row -> new JsonObject()
            .put("personId", row.getString("person_id"))
            .put("name", row.getString("name"))
            .put("idNumber", Masking.idNumber(fields.decrypt(LoginSubjects.ID_NUMBER, personId, row.getString("id_number_enc"))))
            .put("phone", Masking.phone(fields.decrypt(LoginSubjects.PHONE, personId, row.getString("phone_enc")))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void employer(RoutingContext ctx) {
    String employerId = Requests.validated(ctx).getPathParameters().get("employerId").getString();
    Problem refused = refusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      ctx.fail(new ProblemException(refused));
      return;
    }
    one("""
        SELECT e.employer_id, e.credit_code, e.name, p.name AS agent_name
          FROM employer_login e JOIN person p ON p.person_id = e.agent_person_id WHERE e.employer_id = $1""", employerId)
        .map(row -> new JsonObject()
            .put("employerId", row.getString("employer_id"))
            .put("creditCode", row.getString("credit_code"))
            .put("name", row.getString("name"))
            .put("agentName", row.getString("agent_name")))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Row> one(String sql, String id) {
    return pool.preparedQuery(sql).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new ProblemException(NOT_FOUND)) : Future.succeededFuture(rows.iterator().next()));
  }
}
