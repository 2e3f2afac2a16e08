package hpf.apps;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operators register channel apps and rotate their credentials without SQL. An SM2 app brings its public key; an
 * HMAC app gets a 256-bit secret the platform generates, shown in that one answer only (stored SM4-GCM encrypted,
 * never in the idempotency record, so neither a replay nor a GET shows it again). Each change commits with its
 * audit record and is announced, so every instance drops its cached copy at once.
 */
public final class ChannelAppOnboarding {

  static final Problem APP_EXISTS = new Problem(409, "CHANNEL_APP_EXISTS", "渠道应用已登记",
      "该应用编号已被使用，请换一个编号，或对已登记的应用更换凭证。");
  private static final String KEY_PUBLIC_KEY = "hpf.onboarding.publicKey";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private final Pool pool;
  private final ChannelApps apps;
  private final ChannelAppRegistry registry;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public ChannelAppOnboarding(Pool pool, ChannelApps apps, AuditLog audit, Idempotency idempotency) {
    this.pool = pool;
    this.apps = apps;
    this.registry = new ChannelAppRegistry(apps);
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    Handler<Idempotency.Answer> announce = answer -> apps.announceChange(answer.body().getString("appId"));
    return Map.of(
        "registerChannelApp", withPublicKey(idempotency.write("registerChannelApp", ChannelAppOnboarding::caller,
            this::register, announce)),
        "rotateChannelAppCredential", withPublicKey(idempotency.write("rotateChannelAppCredential",
            ChannelAppOnboarding::caller, this::rotate, announce)),
        "getChannelApp", this::get);
  }

  private static String caller(RoutingContext ctx) {
    return "operator:" + Requests.operator(ctx);
  }

  /** The public key is parsed before any transaction: a bad or published key is refused without touching the database. */
  private static Handler<RoutingContext> withPublicKey(Handler<RoutingContext> next) {
    return ctx -> {
      String text = Requests.validated(ctx).getBody().getJsonObject().getString("publicKey");
      if (text != null) {
        try {
          ctx.put(KEY_PUBLIC_KEY, CredentialKey.parse(text, "publicKey", () -> keyInvalid("publicKey")));
        } catch (ProblemException refused) {
          ctx.fail(refused);
          return;
        }
      }
      next.handle(ctx);
    };
  }

  private void get(RoutingContext ctx) {
    String appId = Requests.validated(ctx).getPathParameters().get("appId").getString();
    registry.find(pool, appId).onSuccess(app -> {
      if (app == null) {
        ctx.fail(new ProblemException(ChannelAppAdmin.APP_NOT_FOUND));
      } else {
        ctx.json(app);
      }
    }).onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> register(RoutingContext ctx, SqlConnection conn) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String appId = body.getString("appId");
    String scheme = body.getString("scheme");
    Sm2Keys.Public key = ctx.get(KEY_PUBLIC_KEY);
    if ("SM2".equals(scheme) != (key != null)) {
      return Future.failedFuture(new ProblemException(credentialMismatch(scheme)));
    }
    byte[] secret = key == null ? newSecret() : null;
    return registry.register(conn, appId, body.getString("name"), body.getString("appType"), key, secret)
        .compose(app -> app == null ? Future.failedFuture(new ProblemException(APP_EXISTS))
            : audit.append(conn, entry(ctx, "registerChannelApp", appId, details(app, key, null)))
                .map(seq -> new Idempotency.Answer(201, app, shownOnce(secret))));
  }

  private Future<Idempotency.Answer> rotate(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String appId = request.getPathParameters().get("appId").getString();
    Duration overlap = Duration.ofMinutes(request.getBody().getJsonObject().getInteger("overlapMinutes", 0));
    Sm2Keys.Public key = ctx.get(KEY_PUBLIC_KEY);
    return registry.lockScheme(conn, appId).compose(scheme -> {
      if (scheme == null) {
        return Future.failedFuture(new ProblemException(ChannelAppAdmin.APP_NOT_FOUND));
      }
      if ("SM2".equals(scheme) != (key != null)) {
        return Future.failedFuture(new ProblemException(credentialMismatch(scheme)));
      }
      byte[] secret = key == null ? newSecret() : null;
      return registry.rotate(conn, appId, key, secret, overlap)
          .compose(app -> audit.append(conn, entry(ctx, "rotateChannelAppCredential", appId, details(app, key, overlap)))
              .map(seq -> new Idempotency.Answer(200, app, shownOnce(secret))));
    });
  }

  private static AuditEntry entry(RoutingContext ctx, String operation, String appId, Map<String, String> details) {
    return new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation, "channel_app:" + appId, "OK",
        Requests.requestId(ctx), details);
  }

  /** What the audit keeps: the kind of credential and, for SM2, the key's fingerprint; never a secret. */
  private static Map<String, String> details(JsonObject app, Sm2Keys.Public key, Duration overlap) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("type", app.getString("type"));
    details.put("scheme", app.getString("scheme"));
    if (key != null) {
      details.put("keyFingerprint", fingerprint(key));
    }
    if (overlap != null) {
      details.put("overlapMinutes", String.valueOf(overlap.toMinutes()));
    }
    return details;
  }

  /** The first 16 bytes of SM3 over the uncompressed point, in hex: enough to tell keys apart in the audit log. */
  static String fingerprint(Sm2Keys.Public key) {
    return HexFormat.of().formatHex(Sm3.digest(key.encoded()), 0, 16);
  }

  private static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  private static JsonObject shownOnce(byte[] secret) {
    return secret == null ? null : new JsonObject().put("hmacSecret", HexFormat.of().formatHex(secret));
  }

  static Problem keyInvalid(String field) {
    return Problem.validation("须为 SM2 公钥：PEM（SubjectPublicKeyInfo，命名曲线 sm2p256v1）或十六进制的曲线点。",
        new JsonArray().add(new JsonObject().put("field", field).put("in", "body").put("reason", "不是有效的 SM2 公钥")));
  }

  private static Problem credentialMismatch(String scheme) {
    String reason = "SM2".equals(scheme) ? "SM2 签名方式须提供应用的公钥" : "HMAC 签名方式由平台生成密钥，不接受公钥";
    return Problem.validation(reason + "。",
        new JsonArray().add(new JsonObject().put("field", "publicKey").put("in", "body").put("reason", reason)));
  }
}
