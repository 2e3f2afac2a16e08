package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.EncryptedColumn;
import hpf.kit.Idempotency;
import hpf.kit.Masking;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;

/**
 * Bank card binding (银行卡绑定) for payouts: the member itself or counter staff bind a card (Luhn check, a
 * partner bank code); the number is stored encrypted with a blind index and only ever shown masked; binding a
 * new card unbinds the previous one. Idempotent and audited.
 */
public final class BankCards extends KitOperations {

  static final String FIELD = "bank_card.number";
  /** Banks by the first three digits of the interbank number (the sandbox's partner banks and common others). */
  private static final Set<String> BANK_CODES = Set.of("102", "103", "104", "105", "301");
  private static final Problem CARD_INVALID = new Problem(422, "BANK_CARD_INVALID", "银行卡号有误",
      "银行卡号应为 16–19 位数字且校验位正确（Luhn），请核对。");
  private static final Problem BANK_UNSUPPORTED = new Problem(422, "BANK_NOT_SUPPORTED", "暂不支持该银行",
      "该银行不是本中心的受托银行，请绑定受托银行的银行卡。");
  private static final Problem NO_CARD = new Problem(404, "BANK_CARD_NOT_FOUND", "未绑定银行卡", "该职工尚未绑定银行卡。");

  private final FieldCipher fields;

  public BankCards(Kit kit, FieldCipher fields) {
    super(kit);
    this.fields = fields;
  }

  /** The encrypted column of this table, for key rotation. */
  public static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("bank_card", "card_id", "card_enc", FIELD);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "bindBankCard", auth.require(idempotency.write("bindBankCard", SessionAuth::callerKey, this::bind)),
        "getBankCard", auth.requireOwner(Caller.MEMBER, this::get));
  }

  /** Luhn (ISO/IEC 7812) check of a 16-19 digit card number. */
  public static boolean isCardNumber(String number) {
    if (number == null || !number.matches("[0-9]{16,19}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < number.length(); i++) {
      int digit = number.charAt(number.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  private Future<Idempotency.Answer> bind(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    String number = body.getString("cardNumber");
    String bank = body.getString("bankCode");
    if (!isCardNumber(number)) {
      return Future.failedFuture(new ProblemException(CARD_INVALID));
    }
    if (!BANK_CODES.contains(bank)) {
      return Future.failedFuture(new ProblemException(BANK_UNSUPPORTED));
    }
    return MemberLocks.person(conn, personId)
        .compose(found -> !found
            ? Future.failedFuture(new ProblemException(new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该职工。")))
            : conn.preparedQuery("UPDATE bank_card SET unbound_at = now() WHERE person_id = $1 AND unbound_at IS NULL")
                .execute(Tuple.of(personId)))
        .compose(v -> conn.query("SELECT nextval('bank_card_card_id_seq') AS id").execute())
        .compose(next -> {
          long cardId = next.iterator().next().getLong("id");
          return conn.preparedQuery("""
                  INSERT INTO bank_card (card_id, person_id, bank_code, card_enc, card_idx) VALUES ($1, $2, $3, $4, $5)""")
              .execute(Tuple.of(cardId, personId, bank, fields.encrypt(FIELD, String.valueOf(cardId), number),
                  fields.blindIndex(FIELD, number)));
        })
        .compose(v -> audit.append(conn, SessionAuth.audited(ctx, "bindBankCard", "person:" + personId,
            Map.of("bankCode", bank, "card", Masking.bankCard(number)))))
        .map(seq -> new Idempotency.Answer(200, new JsonObject().put("personId", personId).put("bankCode", bank)
            .put("cardNumber", Masking.bankCard(number))));
  }

  private void get(RoutingContext ctx, String personId) {
    pool.preparedQuery("SELECT card_id, bank_code, card_enc, bound_at FROM bank_card WHERE person_id = $1 AND unbound_at IS NULL")
        .execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(NO_CARD)) : Future.succeededFuture(
            toJson(personId, rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private JsonObject toJson(String personId, Row row) {
    String number = fields.decrypt(FIELD, String.valueOf(row.getLong("card_id")), row.getString("card_enc"));
    return new JsonObject().put("personId", personId).put("bankCode", row.getString("bank_code"))
        .put("cardNumber", Masking.bankCard(number));
  }

  /**
   * The clear number of a card (bound or not: an instruction keeps paying the card it was written for), for the
   * settlement dispatcher's message to the bank only; never shown or logged.
   */
  public static hpf.settlement.dispatch.CardNumbers cardNumbers(FieldCipher fields) {
    return (sql, cardId) -> sql.preparedQuery("SELECT card_enc FROM bank_card WHERE card_id = $1")
        .execute(Tuple.of(cardId))
        .map(rows -> fields.decrypt(FIELD, String.valueOf(cardId), rows.iterator().next().getString("card_enc")));
  }

  /** The card a member's money is paid to: the one bound now. */
  public record Bound(long cardId, String bankCode) {}

  /** The person's bound card, or null when none; in the caller's transaction, after its member locks. */
  public static Future<Bound> bound(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT card_id, bank_code FROM bank_card WHERE person_id = $1 AND unbound_at IS NULL")
        .execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null
            : new Bound(rows.iterator().next().getLong("card_id"), rows.iterator().next().getString("bank_code")));
  }
}
