package hpf.audit;

import hpf.crypto.CanonicalJson;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Auditors verify the audit and evidence chains, against a signed checkpoint they kept (query {@code checkpoint}:
 * the document, as JSON or base64) or else the newest one the platform holds outside the database, and take the
 * newest signed checkpoints away; operators anchor one on demand (audited).
 */
public final class ChainAdmin {

  private static final Problem INVALID = new Problem(422, "CHECKPOINT_INVALID", "检查点无效",
      "所附检查点不是本平台签发的，或不属于该链。");
  private static final Problem BROKEN = new Problem(409, "CHAIN_INVALID", "链校验未通过",
      "链未通过校验（如被截短或重算哈希），不予签发检查点；请立即核查。");
  private static final Problem NONE = new Problem(404, "CHECKPOINT_NOT_FOUND", "尚无检查点", "本实例尚未签发该链的检查点。");

  private final ChainCheck auditCheck;
  private final ChainCheck evidenceCheck;
  private final ChainAnchors anchors;
  private final AuditLog audit;
  /** -1 until a verification of the audit chain ran on this instance, then 1 (valid) or 0 (broken). */
  private final AtomicInteger lastVerification = new AtomicInteger(-1);

  public ChainAdmin(ChainCheck auditCheck, ChainCheck evidenceCheck, ChainAnchors anchors, AuditLog audit,
                    MeterRegistry registry) {
    this.auditCheck = auditCheck;
    this.evidenceCheck = evidenceCheck;
    this.anchors = anchors;
    this.audit = audit;
    Gauge.builder("hpf_audit_chain_valid", lastVerification, AtomicInteger::get)
        .description("Result of the last audit chain verification on this instance: 1 valid, 0 broken, -1 not run")
        .register(registry);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "verifyAuditChain", ctx -> verify(ctx, "audit", null),
        "verifyEvidenceChain", ctx -> verify(ctx, "evidence", "evidenceId"),
        "getLatestChainCheckpoint", this::latest,
        "createChainCheckpoints", this::create);
  }

  private void verify(RoutingContext ctx, String chain, String recordIdName) {
    Checkpoint given;
    try {
      given = given(ctx, chain);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    Checkpoint anchor = given != null ? given : anchors.newest(chain);
    String source = given != null ? "request" : "platform";
    Future<ChainWalk.Result> result = "audit".equals(chain) ? auditCheck.run(anchor, source)
        : evidenceCheck.run(anchor, source);
    result.onSuccess(r -> {
      if ("audit".equals(chain)) {
        lastVerification.set(r.valid() ? 1 : 0);
      }
      ctx.json(r.toJson(recordIdName));
    }).onFailure(ctx::fail);
  }

  /** The checkpoint the auditor brought: JSON or base64 of it (as the log line carries it); null when none. */
  private Checkpoint given(RoutingContext ctx, String chain) {
    String text = text(Requests.validated(ctx).getQuery(), "checkpoint");
    if (text == null) {
      return null;
    }
    try {
      String json = text.trim().startsWith("{") ? text
          : new String(Base64.getMimeDecoder().decode(text.replace(' ', '+').replace('-', '+').replace('_', '/')), StandardCharsets.UTF_8);
      Checkpoint checkpoint = anchors.accept((Map<?, ?>) CanonicalJson.parse(json));
      if (!checkpoint.chain().equals(chain)) {
        throw new IllegalArgumentException("another chain's checkpoint");
      }
      return checkpoint;
    } catch (RuntimeException malformedOrUnsigned) {
      throw new ProblemException(INVALID);
    }
  }

  private void latest(RoutingContext ctx) {
    String chain = text(Requests.validated(ctx).getQuery(), "chain");
    Map<String, Object> document = anchors.newestDocument(chain == null ? "audit" : chain);
    if (document == null) {
      ctx.fail(new ProblemException(NONE));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(CanonicalJson.write(document));
  }

  private void create(RoutingContext ctx) {
    Future<Map<String, Object>> auditAnchor = anchors.anchor("audit");
    Future<Map<String, Object>> evidenceAnchor = anchors.anchor("evidence");
    Future.all(auditAnchor, evidenceAnchor)
        .recover(broken -> Future.failedFuture(new ProblemException(BROKEN)))
        .compose(all -> audit.append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
            "createChainCheckpoints", "chains", "OK", Requests.requestId(ctx),
            Map.of("auditSeq", seq(auditAnchor.result()), "evidenceSeq", seq(evidenceAnchor.result())))))
        .onSuccess(seq -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end("{\"items\":[" + CanonicalJson.write(auditAnchor.result()) + ","
                + CanonicalJson.write(evidenceAnchor.result()) + "]}"))
        .onFailure(ctx::fail);
  }

  private static String seq(Map<String, Object> document) {
    return String.valueOf(((Map<?, ?>) document.get("content")).get("seq"));
  }

  private static String text(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getString();
  }
}
