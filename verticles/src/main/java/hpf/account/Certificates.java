package hpf.account;

import hpf.crypto.CanonicalJson;
import hpf.crypto.CryptoException;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.SessionAuth;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The deposit certificate (缴存证明) and the deposit-use certificate (缴存使用证明) as signed documents ({@link SignedDocument}: canonical JSON + SM2 by the
 * center's key), and its public verification: anyone holding a certificate can have it checked, no login and
 * no channel signature needed, and learns only whether it is genuine.
 */
public final class Certificates extends KitOperations {

  /** The public listener path that needs no channel signature. */
  public static final String VERIFICATION_PATH = "/v1/certificates/verification";

  static final Problem DOCUMENT_REFUSED = new Problem(400, "CERTIFICATE_MALFORMED", "证明文件格式有误",
      "证明文件不是有效的 JSON，或其中的数字位数、层级超出允许范围。");

  private final Vertx vertx;
  private final KeyRing<Sm2Keys.Private> keys;
  private final KeyRing<Sm2Keys.Public> publicKeys;
  private final MemberAccounts accounts;
  private final DepositUseCertificate depositUse;

  public Certificates(Vertx vertx, Kit kit, KeyRing<Sm2Keys.Private> keys) {
    super(kit);
    this.vertx = vertx;
    this.accounts = new MemberAccounts(new hpf.ledger.Ledger(), kit.clock());
    this.depositUse = new DepositUseCertificate(clock);
    this.keys = keys;
    this.publicKeys = keys.map(Sm2Keys.Private::publicKey);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "issueDepositCertificate", auth.requireOwner(Caller.MEMBER, this::issue),
        "issueDepositUseCertificate", auth.requireOwner(Caller.MEMBER, this::issueDepositUse),
        "verifyCertificate", this::verify);
  }

  private void issue(RoutingContext ctx, String personId) {
    signed(ctx, personId, "issueDepositCertificate", accounts.ofPerson(pool, personId)
        // A flexible depositor (灵活就业) has no employer: its own deposits say how far it has paid.
        .compose(account -> People.name(pool, personId).compose(memberName -> pool.preparedQuery(
                "SELECT name, paid_through FROM employer WHERE employer_id = $1")
            .execute(Tuple.of(account.getString("employerId")))
            .map(rows -> content(account, memberName, rows.size() == 0 ? null : rows.iterator().next())))));
  }

  private void issueDepositUse(RoutingContext ctx, String personId) {
    signed(ctx, personId, "issueDepositUseCertificate", depositUse.content(pool, personId));
  }

  /** Signs the content with the center's current key (SM2, on a worker), audits the issue, answers the document. */
  private void signed(RoutingContext ctx, String personId, String operation, io.vertx.core.Future<Map<String, Object>> content) {
    content
        .compose(c -> vertx.executeBlocking(() -> SignedDocument.sign(c, keys.id() + ":" + keys.currentVersion(),
            keys.current()), false))
        .compose(document -> audit.append(SessionAuth.audited(ctx, operation, "person:" + personId,
                Map.of("certificateNo", String.valueOf(((Map<?, ?>) document.get("content")).get("certificateNo")))))
            .map(seq -> document))
        .onSuccess(document -> ctx.json(new JsonObject(CanonicalJson.write(document))))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> content(JsonObject account, String memberName, io.vertx.sqlclient.Row employer) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("certificateType", "DEPOSIT");
    content.put("certificateNo", UUID.randomUUID().toString());
    content.put("issuedAt", clock.instant().toString());
    content.put("issuer", "住房公积金管理中心");
    content.put("memberName", memberName);
    content.put("accountNo", account.getString("accountNo"));
    content.put("accountStatus", account.getString("status"));
    content.put("depositorType", account.getString("depositorType"));
    content.put("employerName", employer == null || employer.getString("name") == null ? "" : employer.getString("name"));
    content.put("base", account.getString("base"));
    content.put("monthlyEmployer", account.getString("monthlyEmployer"));
    content.put("monthlyMember", account.getString("monthlyMember"));
    content.put("balance", account.getString("balance"));
    String paidThrough = account.getString("employerId") == null ? account.getString("paidThrough")
        : employer.getString("paid_through");
    content.put("paidThrough", paidThrough == null ? "" : paidThrough);
    return content;
  }

  /**
   * Public and unsigned, so the document is untrusted: the canonical reader refuses numbers, nesting and sizes beyond
   * its bounds (a 12-character exponent could otherwise ask for a two-billion-character number) with a 400; a
   * well-formed document that does not verify answers {@code valid: false}.
   */
  private void verify(RoutingContext ctx) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    vertx.executeBlocking(() -> {
      Object document;
      try {
        document = CanonicalJson.parse(body == null ? "" : body);
      } catch (CryptoException malformed) {
        throw new ProblemException(DOCUMENT_REFUSED);
      }
      return document instanceof Map<?, ?> map && SignedDocument.verify(map, keyId -> publicKey(keyId));
    }, false).onSuccess(valid -> ctx.json(new JsonObject().put("valid", valid))).onFailure(ctx::fail);
  }

  private Sm2Keys.Public publicKey(String keyId) {
    String prefix = publicKeys.id() + ":";
    if (keyId == null || !keyId.startsWith(prefix)) {
      return null;
    }
    try {
      return publicKeys.version(Integer.parseInt(keyId.substring(prefix.length())));
    } catch (NumberFormatException | CryptoException unknown) {
      return null;
    }
  }
}
