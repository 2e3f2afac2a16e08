package hpf.sources.evidence;

import hpf.audit.ChainHeads;
import hpf.audit.ChainKeys;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/**
 * Evidence for service staff on the public listener (fetch a record as a signed document, list a business
 * record's evidence, verify one record: keyed digest, signature, link); the whole-chain check is verified on the
 * admin listener ({@link #chainCheck()}). Reading a record, which names a person, is audited.
 */
public final class EvidenceOperations extends KitOperations {

  private static final Problem NOT_FOUND = new Problem(404, "EVIDENCE_NOT_FOUND", "存证记录不存在", "未找到该存证记录。");

  private final Vertx vertx;
  private final EvidenceCheck check;
  private final EvidenceChainCheck chain;

  public EvidenceOperations(Vertx vertx, Kit kit, FieldCipher fields, KeyRing<Sm2Keys.Private> keys,
                            ChainKeys chainKeys) {
    super(kit);
    this.vertx = vertx;
    this.check = new EvidenceCheck(fields, keys, chainKeys);
    this.chain = new EvidenceChainCheck(vertx, pool, check);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getEvidence", auth.require(staffOnly(this::get)),
        "listEvidence", auth.require(staffOnly(this::list)),
        "verifyEvidence", auth.require(staffOnly(this::verify)));
  }

  /** The whole-chain check, for the admin listener's verification. */
  public EvidenceChainCheck chainCheck() {
    return chain;
  }

  /** Service staff only (counter, reviewer, auditor): members and employers never read evidence. */
  private static Handler<RoutingContext> staffOnly(Handler<RoutingContext> operation) {
    return ctx -> {
      Caller caller = SessionAuth.caller(ctx);
      Problem refused = caller.is(Caller.STAFF) ? Profiles.refusal(caller, Caller.MEMBER, "") : Profiles.forbidden();
      if (refused != null) {
        ctx.fail(new ProblemException(refused));
        return;
      }
      operation.handle(ctx);
    };
  }

  private void get(RoutingContext ctx) {
    UUID evidenceId = evidenceId(ctx);
    one(evidenceId)
        .compose(row -> vertx.executeBlocking(() -> check.open(row), false))
        .compose(opened -> audit.append(SessionAuth.audited(ctx, "getEvidence", "evidence:" + evidenceId,
                Map.of("businessRef", opened.row().getString("business_ref"))))
            .map(seq -> opened))
        .map(EvidenceOperations::document)
        .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(body))
        .onFailure(ctx::fail);
  }

  /**
   * The record with its signed document. The content goes out as the stored canonical text, untouched (a JSON
   * library would turn exact decimals into floating point): the signature covers exactly these bytes.
   */
  private static String document(EvidenceCheck.Opened opened) {
    Row row = opened.row();
    String summary = summary(row).put("prevDigest", row.getString("prev_digest")).encode();
    if (opened.canonical() == null) {
      return summary;
    }
    JsonObject signature = new JsonObject().put("alg", "SM2-SM3").put("keyId", row.getString("key_id"))
        .put("userId", "1234567812345678").put("value", row.getString("signature"));
    return summary.substring(0, summary.length() - 1) + ",\"document\":{\"content\":" + opened.canonical()
        + ",\"signature\":" + signature.encode() + "}}";
  }

  private void list(RoutingContext ctx) {
    Map<String, RequestParameter> q = Requests.validated(ctx).getQuery();
    String businessRef = q.get("businessRef").getString();
    int page = q.get("page") == null || q.get("page").isNull() ? 1 : q.get("page").getInteger();
    int size = q.get("size") == null || q.get("size").isNull() ? 20 : q.get("size").getInteger();
    pool.preparedQuery("SELECT count(*) FROM evidence_record WHERE business_ref = $1").execute(Tuple.of(businessRef))
        .compose(count -> pool.preparedQuery("""
                SELECT * FROM evidence_record WHERE business_ref = $1 ORDER BY seq LIMIT $2 OFFSET $3""")
            .execute(Tuple.of(businessRef, size, (long) (page - 1) * size))
            .map(rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(row -> items.add(summary(row)));
              return new JsonObject().put("businessRef", businessRef).put("page", page).put("size", size)
                  .put("total", count.iterator().next().getLong(0)).put("items", items);
            }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    one(evidenceId(ctx))
        .compose(row -> previousDigest(row.getInteger("part"), row.getLong("seq"))
            .compose(previous -> vertx.executeBlocking(() -> check.check(check.open(row), previous), false)))
        .map(verdict -> {
          JsonObject answer = new JsonObject().put("evidenceId", verdict.evidenceId()).put("seq", verdict.seq())
              .put("valid", verdict.valid()).put("digestValid", verdict.digestValid())
              .put("signatureValid", verdict.signatureValid()).put("linkValid", verdict.linkValid());
          return verdict.valid() ? answer : answer.put("problem", verdict.problem());
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static UUID evidenceId(RoutingContext ctx) {
    return UUID.fromString(Requests.validated(ctx).getPathParameters().get("evidenceId").getString());
  }

  private Future<Row> one(UUID evidenceId) {
    return pool.preparedQuery("SELECT * FROM evidence_record WHERE evidence_id = $1").execute(Tuple.of(evidenceId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(NOT_FOUND))
            : Future.succeededFuture(rows.iterator().next()));
  }

  /**
   * The digest the record must link to: its predecessor's in its partition (the partition's start value for the
   * first).
   */
  private Future<String> previousDigest(int part, long seq) {
    return pool.preparedQuery("SELECT digest FROM evidence_record WHERE part = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1")
        .execute(Tuple.of(part, seq))
        // A removed predecessor shows as a link to the one before it (or to the start): the check reports it.
        .map(rows -> rows.size() == 0 ? ChainHeads.genesis(part) : rows.iterator().next().getString("digest"));
  }

  private static JsonObject summary(Row row) {
    return new JsonObject().put("evidenceId", row.getUUID("evidence_id").toString()).put("seq", row.getLong("seq"))
        .put("recordedAt", row.getOffsetDateTime("recorded_at").toInstant().toString())
        .put("dependency", row.getString("dependency")).put("businessRef", row.getString("business_ref"))
        .put("personId", row.getString("person_id")).put("digest", row.getString("digest"));
  }
}
