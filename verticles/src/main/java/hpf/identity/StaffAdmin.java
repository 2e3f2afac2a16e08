package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.PasswordHash;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Operators create staff users (柜员、复核、审计、运维) with their roles, disable them and reset their passwords, over
 * the admin API. Staff log in with staff id and password through a counter app; the platform generates the
 * password and shows it in that one answer only (never recorded, so a replay does not show it). Disabling and a
 * reset end the staff member's open sessions on every instance.
 */
final class StaffAdmin {

  static final Problem STAFF_EXISTS = new Problem(409, "STAFF_USER_EXISTS", "工作人员账号已存在",
      "该工作人员编号已被使用，请换一个编号。");
  static final Problem STAFF_NOT_FOUND = new Problem(404, "STAFF_USER_NOT_FOUND", "工作人员账号不存在",
      "未找到该工作人员编号，请核对。");
  // No look-alike characters (0/O, 1/l/I): the password is read off a screen and typed in once.
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int PASSWORD_CHARS = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A generated password and its slow hash, made on a worker before the transaction. */
  private record NewPassword(String clear, String hash) {}

  private final Vertx vertx;
  private final StaffUsers staff;
  private final Sessions sessions;
  private final AuditLog audit;
  private final Idempotency idempotency;

  StaffAdmin(Vertx vertx, StaffUsers staff, Sessions sessions, AuditLog audit, Idempotency idempotency) {
    this.vertx = vertx;
    this.staff = staff;
    this.sessions = sessions;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listStaffUsers", this::list,
        "createStaffUser", idempotency.write("createStaffUser", StaffAdmin::caller, ctx -> newPassword(), this::create),
        "setStaffUserStatus", idempotency.write("setStaffUserStatus", StaffAdmin::caller, this::setStatus),
        "resetStaffUserPassword", idempotency.write("resetStaffUserPassword", StaffAdmin::caller, ctx -> newPassword(),
            this::reset));
  }

  private static String caller(RoutingContext ctx) {
    return "operator:" + Requests.operator(ctx);
  }

  private void list(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 50 : query.get("size").getInteger();
    staff.page(page, size).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> create(RoutingContext ctx, SqlConnection conn, NewPassword password) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String staffId = body.getString("staffId");
    List<String> roles = body.getJsonArray("roles").stream().map(String::valueOf).distinct().sorted().toList();
    return staff.create(conn, staffId, body.getString("name"), roles, password.hash())
        .compose(user -> user == null ? Future.failedFuture(new ProblemException(STAFF_EXISTS))
            : audit.append(conn, entry(ctx, "createStaffUser", staffId, Map.of("roles", String.join(",", roles))))
                .map(seq -> new Idempotency.Answer(201, user, new JsonObject().put("password", password.clear()))));
  }

  private Future<Idempotency.Answer> setStatus(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String staffId = request.getPathParameters().get("staffId").getString();
    String status = request.getBody().getJsonObject().getString("status");
    return staff.setStatus(conn, staffId, status).compose(user -> user == null
        ? Future.failedFuture(new ProblemException(STAFF_NOT_FOUND))
        : ("DISABLED".equals(status) ? endSessions(conn, staffId) : Future.succeededFuture(0))
            .compose(ended -> audit.append(conn, entry(ctx, "setStaffUserStatus", staffId,
                Map.of("status", status, "sessionsEnded", String.valueOf(ended)))))
            .map(seq -> new Idempotency.Answer(200, user)));
  }

  private Future<Idempotency.Answer> reset(RoutingContext ctx, SqlConnection conn, NewPassword password) {
    String staffId = Requests.validated(ctx).getPathParameters().get("staffId").getString();
    return staff.setPassword(conn, staffId, password.hash()).compose(user -> user == null
        ? Future.failedFuture(new ProblemException(STAFF_NOT_FOUND))
        : endSessions(conn, staffId)
            .compose(ended -> audit.append(conn, entry(ctx, "resetStaffUserPassword", staffId,
                Map.of("sessionsEnded", String.valueOf(ended)))))
            .map(seq -> new Idempotency.Answer(200, user, new JsonObject().put("password", password.clear()))));
  }

  /**
   * Revoked in the database within the write's transaction, then in the cluster's map before the commit: should the
   * commit still fail, the sessions are only ended early (the safe side), never left open after a disable.
   */
  private Future<Integer> endSessions(SqlConnection conn, String staffId) {
    return staff.endSessions(conn, staffId).compose(ids -> sessions.markRevoked(ids).map(ids.size()));
  }

  private static AuditEntry entry(RoutingContext ctx, String operation, String staffId, Map<String, String> details) {
    return new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation, "staff:" + staffId, "OK",
        Requests.requestId(ctx), details);
  }

  /** 16 characters of a 57-letter alphabet (about 93 bits), hashed with PBKDF2-HMAC-SM3 off the event loop. */
  private Future<NewPassword> newPassword() {
    StringBuilder clear = new StringBuilder(PASSWORD_CHARS);
    for (int i = 0; i < PASSWORD_CHARS; i++) {
      clear.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String password = clear.toString();
    return vertx.executeBlocking(() -> new NewPassword(password, PasswordHash.hash(password)), false);
  }
}
