package hpf.kit;

import hpf.crypto.Sm3;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Writes carry an {@code Idempotency-Key}. The write and the record of its answer commit in one transaction;
 * a retry with the same key and the same request gets the first answer again (header
 * {@code Idempotent-Replayed: true}) and changes nothing; the same key with another request is refused (409).
 * Concurrent duplicates: the key is locked (a transaction-scoped advisory lock) before the work runs, so the
 * second waits for the first to finish and then replays its answer. Failed writes change nothing and are not
 * recorded, so they may be retried.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,100}");
  static final Problem KEY_REQUIRED = new Problem(400, "IDEMPOTENCY_KEY_REQUIRED", "缺少业务请求编号",
      "写操作须在请求头 Idempotency-Key 中携带 8–100 位的唯一编号（字母、数字、._:-），重试时使用同一编号。");
  static final Problem KEY_CONFLICT = new Problem(409, "IDEMPOTENCY_CONFLICT", "业务请求编号重复",
      "该业务请求编号已用于另一笔内容不同的请求，请使用新的编号。");

  /**
   * The answer of a write: status and JSON body. {@code shownOnce} (may be null) is added to the body of the first
   * answer only and never recorded: a generated secret or password is not kept in clear, nor shown by a replay.
   */
  public record Answer(int status, JsonObject body, JsonObject shownOnce) {
    public Answer(int status, JsonObject body) {
      this(status, body, null);
    }
  }

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param caller who the keys belong to (keys are scoped per caller), from the request
   * @param work   the write, inside the transaction it shares with the record of its answer
   */
  public Handler<RoutingContext> write(String operationId, Function<RoutingContext, String> caller,
                                       BiFunction<RoutingContext, SqlConnection, Future<Answer>> work) {
    return write(operationId, caller, work, answer -> { });
  }

  /** As above; {@code afterCommit} runs once the write has committed (never for a replay). */
  public Handler<RoutingContext> write(String operationId, Function<RoutingContext, String> caller,
                                       BiFunction<RoutingContext, SqlConnection, Future<Answer>> work,
                                       Handler<Answer> afterCommit) {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null || !KEY.matcher(key).matches()) {
        ctx.fail(new ProblemException(KEY_REQUIRED));
        return;
      }
      // A quota charge left by the traffic gate: made only when the write runs, given back when it fails.
      DeferredCharge charge = DeferredCharge.of(ctx);
      answer(ctx, afterCommit, charge, claimAndRun(operationId, caller.apply(ctx), key, fingerprint(ctx), charge,
          conn -> work.apply(ctx, conn)));
    };
  }

  /** The transactional part of a write, given what its preparation found. */
  public interface PreparedWrite<P> {
    Future<Answer> apply(RoutingContext ctx, SqlConnection conn, P prepared);
  }

  /**
   * A write whose preparation is slow and needs no connection of its own (e.g. asking government data sources):
   * it runs before the transaction, so a slow third party never holds a pooled connection or the key's lock.
   * A recorded answer is replayed without preparing again; a duplicate that arrives during the preparation
   * prepares too, then waits on the key's lock and replays the first answer, so the write still runs once.
   */
  public <P> Handler<RoutingContext> write(String operationId, Function<RoutingContext, String> caller,
                                           Function<RoutingContext, Future<P>> prepare, PreparedWrite<P> work) {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null || !KEY.matcher(key).matches()) {
        ctx.fail(new ProblemException(KEY_REQUIRED));
        return;
      }
      String who = caller.apply(ctx);
      String fingerprint = fingerprint(ctx);
      // Charged before the preparation: a channel over its quota is refused before any third party is asked.
      DeferredCharge charge = DeferredCharge.of(ctx);
      Future<Replay> done = pool.withConnection(conn -> recorded(conn, who, key))
          .compose(previous -> previous != null ? replay(previous, operationId, fingerprint)
              : (charge == null ? Future.<Void>succeededFuture() : charge.charge())
                  .compose(charged -> Future.<P>future(p -> prepare.apply(ctx).onComplete(p)))
                  .compose(prepared -> claimAndRun(operationId, who, key, fingerprint, null,
                      conn -> work.apply(ctx, conn, prepared)))
                  // A duplicate recorded its answer meanwhile: this request was no business transaction after all.
                  .compose(replay -> replay.replayed() && charge != null ? charge.refund().map(replay)
                      : Future.succeededFuture(replay)));
      answer(ctx, answer -> { }, charge, done);
    };
  }

  /** The key is claimed before the work runs: a duplicate waits on the lock, then finds the first answer. */
  private Future<Replay> claimAndRun(String operationId, String who, String key, String fingerprint,
                                     DeferredCharge charge, Function<SqlConnection, Future<Answer>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("idempotency:" + who + ":" + key))
        .compose(locked -> recorded(conn, who, key))
        .compose(previous -> previous != null
            ? replay(previous, operationId, fingerprint)
            : Future.<Answer>future(p -> (charge == null ? Future.<Void>succeededFuture() : charge.charge())
                    .compose(charged -> work.apply(conn)).onComplete(p))
                .compose(answer -> conn.preparedQuery("""
                        INSERT INTO idempotency_record (caller, key, operation, fingerprint, status, body)
                        VALUES ($1, $2, $3, $4, $5, $6)""")
                    .execute(Tuple.of(who, key, operationId, fingerprint, answer.status(), answer.body().encode()))
                    .map(rows -> new Replay(answer, false)))));
  }

  private static void answer(RoutingContext ctx, Handler<Answer> afterCommit, DeferredCharge charge,
                             Future<Replay> done) {
    done.onSuccess(replay -> {
      if (replay.replayed() && charge != null) {
        charge.replayed();
      }
      // Before answering: a caller that acts on the answer at once (on another event loop) must already see
      // the after-commit effects, e.g. a dropped cache entry.
      if (!replay.replayed()) {
        try {
          afterCommit.handle(replay.answer());
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(Idempotency.class).atError().setCause(e)
              .addKeyValue("requestId", Requests.requestId(ctx)).log("after-commit step failed");
        }
      }
      try {
        if (replay.replayed()) {
          ctx.response().putHeader("Idempotent-Replayed", "true");
        }
        ctx.response().setStatusCode(replay.answer().status());
        JsonObject once = replay.answer().shownOnce();
        if (once != null) {
          ctx.response().putHeader("Cache-Control", "no-store");
        }
        ctx.json(once == null ? replay.answer().body() : replay.answer().body().copy().mergeIn(once));
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    })
        // Given back before the refusal is answered: the caller sees a rejected request changed nothing.
        .onFailure(e -> (charge == null ? Future.<Void>succeededFuture() : charge.refund())
            .onComplete(refunded -> ctx.fail(e)));
  }

  private record Stored(String operation, String fingerprint, int status, String body) {}

  private record Replay(Answer answer, boolean replayed) {}

  private static Future<Stored> recorded(SqlConnection conn, String caller, String key) {
    return conn.preparedQuery("SELECT operation, fingerprint, status, body FROM idempotency_record WHERE caller = $1 AND key = $2")
        .execute(Tuple.of(caller, key))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var row = rows.iterator().next();
          return new Stored(row.getString("operation"), row.getString("fingerprint"), row.getInteger("status"),
              row.getString("body"));
        });
  }

  private static Future<Replay> replay(Stored stored, String operationId, String fingerprint) {
    if (!stored.operation().equals(operationId) || !stored.fingerprint().equals(fingerprint)) {
      return Future.failedFuture(new ProblemException(KEY_CONFLICT));
    }
    return Future.succeededFuture(new Replay(new Answer(stored.status(), new JsonObject(stored.body())), true));
  }

  /** The request as sent: method, path, query and body. */
  private static String fingerprint(RoutingContext ctx) {
    byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    byte[] head = (ctx.request().method().name() + "\n" + ctx.request().path() + "\n"
        + (ctx.request().query() == null ? "" : ctx.request().query()) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return HexFormat.of().formatHex(Sm3.digest(all));
  }
}
