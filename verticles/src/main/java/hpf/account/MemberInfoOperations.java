package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Identifiers;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Masking;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 个人信息变更: the member itself changes its phone; counter staff change the phone or the name (the name needs the
 * identity document at the counter). Every changed field is kept as history, phones masked. The member and service
 * staff read that history and the history of the member's accounts (sealed, unsealed, terms recomputed).
 */
public final class MemberInfoOperations extends KitOperations {

  private static final Problem NO_PERSON = new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该职工。");

  private final People people;

  public MemberInfoOperations(Kit kit, People people) {
    super(kit);
    this.people = people;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "changeMemberInfo", auth.require(idempotency.write("changeMemberInfo", SessionAuth::callerKey, this::change)),
        "listMemberInfoChanges", auth.requireOwner(Caller.MEMBER, this::history),
        "listMemberAccountHistory", auth.requireOwner(Caller.MEMBER, (ctx, personId) ->
            MemberAccountEvents.ofPerson(pool, personId).onSuccess(ctx::json).onFailure(ctx::fail)));
  }

  private Future<Idempotency.Answer> change(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    String name = body.containsKey("name") ? body.getString("name") : null;
    String phone = body.getString("phone");
    if (name != null && !Profiles.isCounterStaff(caller)) {
      return Future.failedFuture(new ProblemException(LifecycleProblems.COUNTER_CHANGE_ONLY));
    }
    if (phone != null && !Identifiers.isMobile(phone)) {
      return Future.failedFuture(new ProblemException(AccountProblems.PHONE_INVALID));
    }
    Actor actor = Actor.of(ctx);
    return people.lockContact(conn, personId).compose(before -> {
      if (before == null) {
        return Future.failedFuture(new ProblemException(NO_PERSON));
      }
      People.Contact after = new People.Contact(name == null ? before.name() : name, phone == null ? before.phone() : phone);
      List<Tuple> history = new ArrayList<>();
      if (!Objects.equals(before.name(), after.name())) {
        history.add(historyRow(personId, "name", before.name(), after.name(), actor));
      }
      if (!Objects.equals(before.phone(), after.phone())) {
        history.add(historyRow(personId, "phone", Masking.phone(before.phone()), Masking.phone(after.phone()), actor));
      }
      if (history.isEmpty()) {
        return Future.failedFuture(new ProblemException(LifecycleProblems.INFO_UNCHANGED));
      }
      String fields = String.join(",", history.stream().map(row -> row.getString(1)).toList());
      return people.changeContact(conn, personId, after)
          .compose(v -> conn.preparedQuery("""
                  INSERT INTO member_info_change (person_id, field, old_value, new_value, actor, actor_kind, channel,
                                                  request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
              .executeBatch(history))
          .compose(v -> audit.append(conn, SessionAuth.audited(ctx, "changeMemberInfo", "person:" + personId,
              Map.of("fields", fields))))
          .map(v -> new Idempotency.Answer(200, new JsonObject().put("personId", personId).put("name", after.name())
              .put("phone", Masking.phone(after.phone()))));
    });
  }

  private static Tuple historyRow(String personId, String field, String before, String after, Actor actor) {
    return Tuple.from(new Object[] {personId, field, before, after, actor.id(), actor.kind(), actor.channel(),
        actor.requestId()});
  }

  /** The latest 200 changes, newest first (an unknown person has none). */
  private void history(RoutingContext ctx, String personId) {
    pool.preparedQuery("SELECT * FROM member_info_change WHERE person_id = $1 ORDER BY change_id DESC LIMIT 200")
        .execute(Tuple.of(personId))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(EmployerInfo.changeJson(row)));
          ctx.json(new JsonObject().put("personId", personId).put("items", items));
        })
        .onFailure(ctx::fail);
  }
}
