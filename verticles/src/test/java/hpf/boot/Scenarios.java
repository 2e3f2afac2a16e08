package hpf.boot;

import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixtures scenario tests build again and again, through the public API of the shared test platform as counter
 * clerk {@code counter.li} (demo counter app): a new employer (12 % + 12 %), a member, paid months, a bound card, and
 * a member's own session (a ticket from the sandbox identity provider, through the demo mobile app). Each step
 * asserts it succeeded, so a test fails at the fixture that broke, not later.
 */
public final class Scenarios {

  /** The card tests bind (Luhn-valid, sandbox bank 102 over BDC). */
  public static final String CARD_NUMBER = "6222021234567890128";
  public static final String CARD_BANK = "102";
  /** The wage of {@link #memberWithOneMonthPaid}: 5000.00 × (12 % + 12 %) = 1200.00 a month. */
  public static final String WAGE = "5000.00";
  public static final String MONTHLY = "1200.00";

  private final WebClient client;
  private final SignedCalls calls;
  private final String counter;

  /** With the test's own client, signed calls and counter clerk session. */
  public Scenarios(WebClient client, SignedCalls calls, String counterToken) {
    this.client = client;
    this.calls = calls;
    this.counter = counterToken;
  }

  /** With a client of its own and a new session of {@code counter.li}. */
  public static Scenarios of(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    SignedCalls calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    return new Scenarios(client, calls, calls.staffToken("counter.li"));
  }

  public static YearMonth thisMonth() {
    return YearMonth.now(ZoneId.of("Asia/Shanghai"));
  }

  /** A well-formed unified social credit code the sandbox registry reports as in business. */
  public static String newCreditCode() {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    return first17 + Identifiers.creditCheckCharacter(first17);
  }

  /** A new employer with 12 % + 12 %, opened today; answers its id. */
  public String openEmployer(String name) throws Exception {
    HttpResponse<Buffer> opened = counterPost("/v1/employers", new JsonObject().put("creditCode", newCreditCode())
        .put("name", name).put("employerRatio", "0.12").put("memberRatio", "0.12"));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    return opened.bodyAsJsonObject().getString("employerId");
  }

  /** A member added to the employer; answers the account (accountNo, personId, ...). */
  public JsonObject addMember(String employerId, String name, String idNumber, String phone, String monthlyWage)
      throws Exception {
    HttpResponse<Buffer> added = counterPost("/v1/employers/" + employerId + "/members", new JsonObject()
        .put("name", name).put("idNumber", idNumber).put("phone", phone).put("monthlyWage", monthlyWage));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject();
  }

  /** Lists the employer's month and pays it with {@code amount} received at the bank. */
  public void payMonth(String employerId, YearMonth month, String amount) throws Exception {
    HttpResponse<Buffer> listed = counterPost("/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.toString()));
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> paid = counterPost("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", amount));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
  }

  /** Binds the card for the member's payouts. */
  public void bindCard(String personId, String cardNumber, String bankCode) throws Exception {
    JsonObject card = new JsonObject().put("cardNumber", cardNumber).put("bankCode", bankCode);
    HttpResponse<Buffer> bound = calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card",
            card.toBuffer(), System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "c-" + UUID.randomUUID()).sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(bound.statusCode()).as(bound.bodyAsString()).isEqualTo(200);
  }

  /** A new employer and member (wage 5000.00) with this month paid (1200.00); answers the person id. */
  public String memberWithOneMonthPaid(String employerName, String name, String idNumber, String phone)
      throws Exception {
    String employerId = openEmployer(employerName);
    String personId = addMember(employerId, name, idNumber, phone, WAGE).getString("personId");
    payMonth(employerId, thisMonth(), MONTHLY);
    return personId;
  }

  /** As {@link #memberWithOneMonthPaid}, with {@link #CARD_NUMBER} bound at bank 102. */
  public String memberWithCard(String employerName, String name, String idNumber, String phone) throws Exception {
    String personId = memberWithOneMonthPaid(employerName, name, idNumber, phone);
    bindCard(personId, CARD_NUMBER, CARD_BANK);
    return personId;
  }

  /** The member's own session through the demo mobile app, logged in with a sandbox identity ticket. */
  public String memberToken(String idNumber) throws Exception {
    String ticket = client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", idNumber))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
    return calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", ticket).toBuffer(), System.currentTimeMillis())
        .bodyAsJsonObject().getString("accessToken");
  }

  /** A write as the counter clerk with a fresh Idempotency-Key. */
  public HttpResponse<Buffer> counterPost(String uri, JsonObject body) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", HttpMethod.POST, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "k-" + UUID.randomUUID());
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }
}
