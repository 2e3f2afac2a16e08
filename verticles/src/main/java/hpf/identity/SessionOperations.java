package hpf.identity;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Public operations of logins and sessions: send a login code, log in, refresh, show and end the session. */
public final class SessionOperations {

  private final Logins logins;
  private final Sessions sessions;
  private final SessionAuth auth;

  SessionOperations(Logins logins, Sessions sessions, SessionAuth auth) {
    this.logins = logins;
    this.sessions = sessions;
    this.auth = auth;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "requestLoginCode", this::requestLoginCode,
        "createSession", this::createSession,
        "refreshSession", this::refreshSession,
        "getCurrentSession", auth.require(this::current),
        "deleteCurrentSession", auth.require(this::logout));
  }

  private void requestLoginCode(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String kind = body.getString("subjectKind");
    logins.sendCode(kind, required(body, identifierField(kind)));
    ctx.response().setStatusCode(202);
    ctx.json(new JsonObject().put("validSeconds", SmsCodes.VALID_SECONDS));
  }

  private void createSession(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    Logins.Origin origin = new Logins.Origin(Requests.caller(ctx).id(), Requests.requestId(ctx));
    var issued = switch (body.getString("method")) {
      case "PASSWORD_SMS" -> {
        String kind = body.getString("subjectKind", Caller.MEMBER);
        yield logins.passwordAndCode(kind, required(body, identifierField(kind)), required(body, "password"),
            required(body, "smsCode"), origin);
      }
      case "IDENTITY_TICKET" -> logins.identityTicket(required(body, "ticket"), origin);
      default -> "COUNTER".equals(Requests.caller(ctx).kind())
          ? logins.staffPassword(required(body, "staffId"), required(body, "password"), origin)
          : io.vertx.core.Future.<Sessions.Issued>failedFuture(new ProblemException(IdentityProblems.staffChannelOnly()));
    };
    issued.onSuccess(session -> {
      ctx.response().setStatusCode(201);
      ctx.json(session.toJson());
    }).onFailure(ctx::fail);
  }

  private void refreshSession(RoutingContext ctx) {
    String token = Requests.validated(ctx).getBody().getJsonObject().getString("refreshToken");
    sessions.refresh(token, Requests.caller(ctx).id()).onSuccess(session -> ctx.json(session.toJson())).onFailure(ctx::fail);
  }

  private void current(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    ctx.json(new JsonObject().put("subjectKind", caller.kind()).put("subjectId", caller.subjectId())
        .put("roles", new JsonArray(caller.roles())));
  }

  private void logout(RoutingContext ctx) {
    sessions.revoke(SessionAuth.caller(ctx)).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static String identifierField(String kind) {
    return Caller.EMPLOYER.equals(kind) ? "creditCode" : "idNumber";
  }

  /** The contract keeps one flat body for every login method; which fields each method needs is checked here. */
  private static String required(JsonObject body, String field) {
    String value = body.getString(field);
    if (value == null || value.isBlank()) {
      throw new ProblemException(Problem.validation(field + "：缺少必填项。",
          new JsonArray().add(new JsonObject().put("field", field).put("in", "body").put("reason", "缺少必填项"))));
    }
    return value;
  }
}
