package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.crypto.Sm3;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Employers' batch lists (清册) of member additions and removals: the employer itself or counter staff upload a CSV
 * or Excel file (uploadMemberList: read on a worker thread, every row stored, 202), the rows are checked in the
 * background (getMemberList shows the progress, listMemberListRows the per-row report), then the employer applies the
 * valid rows or none (decideMemberList, once per list; applying runs in the background, in chunks). Writes are
 * idempotent and audited; a worker left behind by a stopped instance is taken up again when the list is read.
 */
public final class MemberListOperations extends KitOperations {

  private static final Logger LOG = LoggerFactory.getLogger(MemberListOperations.class);
  /** A list whose worker has shown no sign of life for this long is taken up again when it is read. */
  private static final String STALE = "1 minute";

  private final Vertx vertx;
  private final FieldCipher fields;
  private final Employers employers;
  private final MemberListChecks checks;
  private final MemberListApplication application;

  public MemberListOperations(Vertx vertx, Kit kit, FieldCipher fields, People people,
                              MemberEligibilityCheck eligibility) {
    super(kit);
    this.vertx = vertx;
    this.fields = fields;
    this.employers = new Employers(kit.clock());
    this.checks = new MemberListChecks(pool, fields, people, eligibility);
    this.application = new MemberListApplication(pool, fields, new MemberChanges(pool, people, audit, clock));
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "uploadMemberList", auth.require(idempotency.write("uploadMemberList", SessionAuth::callerKey, this::upload,
            answer -> work("check", answer.body().getString("listId"), checks::run))),
        "decideMemberList", auth.require(idempotency.write("decideMemberList", SessionAuth::callerKey, this::decide,
            answer -> {
              if ("APPLYING".equals(answer.body().getString("state"))) {
                work("apply", answer.body().getString("listId"), application::run);
              }
            })),
        "getMemberList", auth.requireOwner(Caller.EMPLOYER, this::list),
        "listMemberListRows", auth.requireOwner(Caller.EMPLOYER, this::rows));
  }

  private Future<Idempotency.Answer> upload(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    String kind = request.getQuery().get("kind").getString();
    String format = request.getQuery().get("format").getString();
    Buffer body = ctx.body().buffer();
    if (body.length() > MemberListFile.MAX_FILE_BYTES) {
      return Future.failedFuture(new ProblemException(MemberListProblems.LIST_FILE_TOO_LARGE));
    }
    Actor uploader = Actor.of(ctx);
    return employers.find(conn, employerId, true)
        .compose(employer -> {
          Problem closed = Employers.refusalOfNewBusiness(employer);
          return closed != null ? Future.failedFuture(new ProblemException(closed)) : MemberLists.nextId(conn);
        })
        // Reading a file of thousands of rows and encrypting their identifiers takes a while: a worker thread.
        .compose(listId -> vertx.executeBlocking(() -> {
          byte[] file = body.getBytes();
          List<MemberListFile.Row> rows = "XLSX".equals(format) ? MemberListXlsx.read(file, kind)
              : MemberListCsv.read(file, kind);
          return new Read(listId, HexFormat.of().formatHex(Sm3.digest(file)),
              MemberListRows.prepare(listId, kind, rows, fields));
        }, false))
        .compose(read -> MemberLists.create(conn, read.listId(), employerId, kind, format, read.digest(), read.rows(),
                uploader)
            .compose(list -> audit.append(conn, SessionAuth.audited(ctx, "uploadMemberList",
                    "member_list:" + read.listId(), Map.of("employerId", employerId, "kind", kind, "format", format,
                        "rows", String.valueOf(read.rows().size()))))
                .map(seq -> new Idempotency.Answer(202, list))));
  }

  private record Read(String listId, String digest, List<MemberListRows.Prepared> rows) {}

  /** The employer applies the valid rows (APPLY_VALID) or none (DISCARD): once per list, after the checks. */
  private Future<Idempotency.Answer> decide(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    String listId = request.getPathParameters().get("listId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    String decision = request.getBody().getJsonObject().getString("decision");
    Actor actor = Actor.of(ctx);
    // The list's row lock orders concurrent decisions: the first moves it on, the others find it decided.
    return MemberLists.find(conn, employerId, listId, true)
        .compose(list -> switch (list.getString("state")) {
          case "VALIDATED" -> Future.succeededFuture(list);
          case "VALIDATING" -> Future.failedFuture(new ProblemException(MemberListProblems.LIST_NOT_VALIDATED));
          default -> Future.failedFuture(new ProblemException(MemberListProblems.LIST_ALREADY_DECIDED));
        })
        .compose(list -> conn.preparedQuery("""
                UPDATE member_list SET state = $2, decided_by = $3, decided_by_kind = $4, decided_channel = $5,
                       decided_request = $6, decided_at = now(), worked_at = now(),
                       finished_at = CASE WHEN $2 = 'DISCARDED' THEN now() END
                 WHERE list_id = $1 RETURNING *""")
            .execute(Tuple.of(listId, "APPLY_VALID".equals(decision) ? "APPLYING" : "DISCARDED", actor.id(),
                actor.kind(), actor.channel(), actor.requestId())))
        .compose(updated -> {
          JsonObject list = MemberLists.toJson(updated.iterator().next());
          return audit.append(conn, SessionAuth.audited(ctx, "decideMemberList", "member_list:" + listId,
                  Map.of("employerId", employerId, "decision", decision,
                      "validRows", String.valueOf(list.getInteger("validRows")))))
              .map(seq -> new Idempotency.Answer("DISCARDED".equals(list.getString("state")) ? 200 : 202, list));
        });
  }

  private void list(RoutingContext ctx, String employerId) {
    String listId = Requests.validated(ctx).getPathParameters().get("listId").getString();
    MemberLists.find(pool, employerId, listId, false)
        .onSuccess(list -> {
          ctx.json(MemberLists.toJson(list));
          resumeIfLeft(listId, list.getString("state"));
        })
        .onFailure(ctx::fail);
  }

  private void rows(RoutingContext ctx, String employerId) {
    var request = Requests.validated(ctx);
    String listId = request.getPathParameters().get("listId").getString();
    String outcome = value(request.getQuery().get("outcome"));
    String page = value(request.getQuery().get("page"));
    String size = value(request.getQuery().get("size"));
    MemberLists.find(pool, employerId, listId, false)
        .compose(list -> MemberLists.report(pool, listId, outcome, page == null ? 1 : Integer.parseInt(page),
            size == null ? 50 : Integer.parseInt(size)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static String value(RequestParameter parameter) {
    return parameter == null || parameter.isNull() ? null : String.valueOf(parameter.get());
  }

  /** Takes up a list whose worker stopped (its instance went down): at most one reader wins the claim. */
  private void resumeIfLeft(String listId, String state) {
    if (!"VALIDATING".equals(state) && !"APPLYING".equals(state)) {
      return;
    }
    pool.preparedQuery("UPDATE member_list SET worked_at = now() WHERE list_id = $1 AND state = $2"
            + " AND worked_at < now() - interval '" + STALE + "'")
        .execute(Tuple.of(listId, state))
        .onSuccess(claimed -> {
          if (claimed.rowCount() == 1) {
            work("VALIDATING".equals(state) ? "check" : "apply", listId,
                "VALIDATING".equals(state) ? checks::run : application::run);
          }
        });
  }

  /** Background work on a list, after the answer; a failure is logged and left for the next read to take up. */
  private static void work(String what, String listId, Function<String, Future<Void>> job) {
    job.apply(listId).onFailure(e -> LOG.atWarn().setCause(e).addKeyValue("listId", listId)
        .log("member list " + what + " stopped; it is taken up again when the list is read"));
  }
}
