package hpf.settlement;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm3;
import hpf.keys.CredentialKey;
import hpf.kit.Idempotency;
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
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operators register partner banks (code, name, protocol and endpoint, the bank's SM2 public key), change their
 * endpoint or rotate their key, and disable them, over the admin API; each change commits with its audit record.
 * Keys and status count on the bank listener from the next request; endpoints when the platform next starts.
 */
public final class PartnerBankAdmin {

  static final Problem BANK_EXISTS = new Problem(409, "PARTNER_BANK_EXISTS", "合作银行已登记",
      "该银行代码已登记，请修改其登记信息，而非重复登记。");
  static final Problem BANK_NOT_FOUND = new Problem(404, "PARTNER_BANK_NOT_FOUND", "合作银行未登记",
      "未找到该银行代码，请核对。");
  private static final String KEY_PARSED = "hpf.onboarding.bankKey";

  private final Pool pool;
  private final PartnerBankRegistry registry = new PartnerBankRegistry();
  private final AuditLog audit;
  private final Idempotency idempotency;

  public PartnerBankAdmin(Pool pool, AuditLog audit, Idempotency idempotency) {
    this.pool = pool;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listPartnerBanks", ctx -> registry.list(pool).onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
            .onFailure(ctx::fail),
        "getPartnerBank", this::get,
        "registerPartnerBank", checked(idempotency.write("registerPartnerBank", PartnerBankAdmin::caller, this::register)),
        "updatePartnerBank", checked(idempotency.write("updatePartnerBank", PartnerBankAdmin::caller, this::update)),
        "setPartnerBankStatus", idempotency.write("setPartnerBankStatus", PartnerBankAdmin::caller, this::setStatus));
  }

  private static String caller(RoutingContext ctx) {
    return "operator:" + Requests.operator(ctx);
  }

  /** Key and endpoint are checked before any transaction: bad input is refused without touching the database. */
  private static Handler<RoutingContext> checked(Handler<RoutingContext> next) {
    return ctx -> {
      JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
      String protocol = body.getString("protocol");
      String endpoint = body.getString("endpoint");
      if ((protocol == null) != (endpoint == null) || (endpoint != null
          && BankEndpointText.normalize(protocol, endpoint) == null)) {
        ctx.fail(new ProblemException(invalid("endpoint", "bdc 须为“主机:端口”，json 须为 http(s) 地址（不含账号、查询串），二者须同时提供")));
        return;
      }
      if (body.getString("publicKey") != null) {
        try {
          ctx.put(KEY_PARSED, CredentialKey.parse(body.getString("publicKey"), "publicKey",
              () -> invalid("publicKey", "不是有效的 SM2 公钥（PEM，命名曲线 sm2p256v1，或十六进制曲线点）")));
        } catch (ProblemException refused) {
          ctx.fail(refused);
          return;
        }
      }
      next.handle(ctx);
    };
  }

  private void get(RoutingContext ctx) {
    registry.find(pool, bankCode(ctx)).onSuccess(bank -> {
      if (bank == null) {
        ctx.fail(new ProblemException(BANK_NOT_FOUND));
      } else {
        ctx.json(bank);
      }
    }).onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> register(RoutingContext ctx, SqlConnection conn) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String code = body.getString("bankCode");
    String protocol = body.getString("protocol");
    Sm2Keys.Public key = ctx.get(KEY_PARSED);
    return registry.register(conn, code, body.getString("name"), protocol,
            BankEndpointText.normalize(protocol, body.getString("endpoint")), key, body.getString("centerAccountNo"),
            body.getString("centerAccountName"))
        .compose(bank -> bank == null ? Future.failedFuture(new ProblemException(BANK_EXISTS))
            : audit.append(conn, entry(ctx, "registerPartnerBank", code, details(body, key)))
                .map(seq -> new Idempotency.Answer(201, bank.put("endpointNeedsRestart", true))));
  }

  private Future<Idempotency.Answer> update(RoutingContext ctx, SqlConnection conn) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String code = bankCode(ctx);
    String protocol = body.getString("protocol");
    Sm2Keys.Public key = ctx.get(KEY_PARSED);
    Integer overlap = body.getInteger("overlapMinutes");
    PartnerBankRegistry.Change change = new PartnerBankRegistry.Change(body.getString("name"), protocol,
        protocol == null ? null : BankEndpointText.normalize(protocol, body.getString("endpoint")), key,
        Duration.ofMinutes(overlap == null ? 0 : overlap), body.getString("centerAccountNo"),
        body.getString("centerAccountName"));
    return registry.update(conn, code, change).compose(bank -> bank == null
        ? Future.failedFuture(new ProblemException(BANK_NOT_FOUND))
        : audit.append(conn, entry(ctx, "updatePartnerBank", code, details(body, key)))
            .map(seq -> new Idempotency.Answer(200, bank.put("endpointNeedsRestart", protocol != null))));
  }

  private Future<Idempotency.Answer> setStatus(RoutingContext ctx, SqlConnection conn) {
    String code = bankCode(ctx);
    String status = Requests.validated(ctx).getBody().getJsonObject().getString("status");
    return registry.setStatus(conn, code, status).compose(bank -> bank == null
        ? Future.failedFuture(new ProblemException(BANK_NOT_FOUND))
        : audit.append(conn, entry(ctx, "setPartnerBankStatus", code, Map.of("status", status)))
            .map(seq -> new Idempotency.Answer(200, bank)));
  }

  private static String bankCode(RoutingContext ctx) {
    return Requests.validated(ctx).getPathParameters().get("bankCode").getString();
  }

  private static AuditEntry entry(RoutingContext ctx, String operation, String code, Map<String, String> details) {
    return new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation, "partner_bank:" + code, "OK",
        Requests.requestId(ctx), details);
  }

  /** What changed, for the audit: which fields, the endpoint, and the new key's fingerprint (never the key text). */
  private static Map<String, String> details(JsonObject body, Sm2Keys.Public key) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("fields", String.join(",", new java.util.TreeSet<>(body.fieldNames())));
    if (body.getString("endpoint") != null) {
      details.put("endpoint", body.getString("protocol") + ":" + body.getString("endpoint"));
    }
    if (key != null) {
      details.put("keyFingerprint", HexFormat.of().formatHex(Sm3.digest(key.encoded()), 0, 16));
    }
    return details;
  }

  private static Problem invalid(String field, String reason) {
    return Problem.validation(reason + "。",
        new JsonArray().add(new JsonObject().put("field", field).put("in", "body").put("reason", reason)));
  }
}
