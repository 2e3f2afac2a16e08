package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.PasswordHash;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the life-cycle tests share: signed requests through the demo counter app as counter staff (or with another
 * token and app), new employers and members, logins of new employers and members by password and SMS code, SQL
 * counts, and the books check every scenario ends with.
 */
final class LifecycleFixture {

  static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");

  final WebClient client;
  final SignedCalls calls;
  final ContractCheck contract;
  final String counter;

  LifecycleFixture(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
    counter = calls.staffToken("counter.li");
  }

  static YearMonth thisMonth() {
    return YearMonth.now(CENTER);
  }

  static FundYear thisFundYear() {
    return FundYear.containing(LocalDate.now(CENTER));
  }

  /** A write as counter staff with a new key. */
  HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return send(counter, "demo-counter", uri, body, "k-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String uri, JsonObject body, String key) throws Exception {
    return send(counter, "demo-counter", uri, body, key).await(10, TimeUnit.SECONDS);
  }

  /** A write with the token of a session opened through {@code app}. */
  Future<HttpResponse<Buffer>> send(String token, String app, String uri, JsonObject body, String key) {
    Buffer payload = body.toBuffer();
    return calls.request(app, HttpMethod.POST, uri, payload, System.currentTimeMillis()).bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", key).sendBuffer(payload);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return get(counter, "demo-counter", uri);
  }

  HttpResponse<Buffer> get(String token, String app, String uri) throws Exception {
    return calls.request(app, HttpMethod.GET, uri, null, System.currentTimeMillis()).bearerTokenAuthentication(token)
        .send().await(10, TimeUnit.SECONDS);
  }

  /** A new employer opened by counter staff with these ratios; answers its id. */
  String openEmployer(String name, String employerRatio, String memberRatio) throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    HttpResponse<Buffer> opened = post("/v1/employers", new JsonObject().put("creditCode", first17
        + Identifiers.creditCheckCharacter(first17)).put("name", name).put("employerRatio", employerRatio)
        .put("memberRatio", memberRatio));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    return opened.bodyAsJsonObject().getString("employerId");
  }

  /** A new person added to the employer by counter staff; answers the account. */
  JsonObject addMember(String employerId, String wage) throws Exception {
    return addMember(employerId, new DemoPeople.Person(null, "职工", TestIdentities.newIdNumber(), newPhone()), wage);
  }

  JsonObject addMember(String employerId, DemoPeople.Person person, String wage) throws Exception {
    HttpResponse<Buffer> added = post("/v1/employers/" + employerId + "/members", memberBody(person, wage));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject();
  }

  static JsonObject memberBody(DemoPeople.Person person, String wage) {
    return new JsonObject().put("name", person.name()).put("idNumber", person.idNumber()).put("phone", person.phone())
        .put("monthlyWage", wage);
  }

  /** A mobile number no other test uses (SMS codes are looked up by number). */
  static String newPhone() {
    return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  /** Lists and pays the employer's current month; answers the list's total. */
  String remitThisMonth(String employerId) throws Exception {
    String month = thisMonth().toString();
    HttpResponse<Buffer> listed = post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month));
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
    String total = listed.bodyAsJsonObject().getString("total");
    HttpResponse<Buffer> paid = post("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", total));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
    return total;
  }

  /**
   * A session of the employer itself: its agent (a new person with this phone) gets a login with a password, then
   * logs in with password and the SMS code, as an employer would through the online hall.
   */
  String employerToken(String employerId, String agentPersonId, String agentPhone) throws Exception {
    String creditCode = one("SELECT credit_code FROM employer WHERE employer_id = $1", employerId);
    TestPlatform.app().pool().preparedQuery("""
            INSERT INTO employer_login (employer_id, credit_code, name, agent_person_id, password_hash)
            SELECT employer_id, credit_code, name, $2, $3 FROM employer WHERE employer_id = $1""")
        .execute(Tuple.of(employerId, agentPersonId, PasswordHash.hash(DemoPeople.MEMBER_PASSWORD)))
        .await(10, TimeUnit.SECONDS);
    return login(new JsonObject().put("subjectKind", "EMPLOYER").put("creditCode", creditCode), agentPhone);
  }

  /** A session of a member the tests registered: it is given a password, then logs in with it and an SMS code. */
  String memberToken(String personId, String idNumber, String phone) throws Exception {
    TestPlatform.app().pool().preparedQuery("UPDATE person SET password_hash = $2 WHERE person_id = $1")
        .execute(Tuple.of(personId, PasswordHash.hash(DemoPeople.MEMBER_PASSWORD))).await(10, TimeUnit.SECONDS);
    return login(new JsonObject().put("subjectKind", "MEMBER").put("idNumber", idNumber), phone);
  }

  private String login(JsonObject subject, String phone) throws Exception {
    Instant since = Instant.now();
    HttpResponse<Buffer> sent = calls.send("demo-online-hall", HttpMethod.POST, "/v1/login-codes", subject.toBuffer(),
        System.currentTimeMillis());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    JsonObject login = subject.copy().put("method", "PASSWORD_SMS").put("password", DemoPeople.MEMBER_PASSWORD)
        .put("smsCode", codeSince(phone, since));
    HttpResponse<Buffer> session = calls.send("demo-online-hall", HttpMethod.POST, "/v1/sessions", login.toBuffer(),
        System.currentTimeMillis());
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    return session.bodyAsJsonObject().getString("accessToken");
  }

  /** The login code the sandbox SMS gateway delivered to the phone after {@code since} (sent after the answer). */
  private String codeSince(String phone, Instant since) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonArray items = client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
      if (!items.isEmpty() && Instant.parse(items.getJsonObject(0).getString("sentAt")).isAfter(since)) {
        return items.getJsonObject(0).getString("text").replaceAll(".*验证码为 ([0-9]{6}).*", "$1");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no login code reached " + phone);
  }

  static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters)).await(10, TimeUnit.SECONDS)
        .iterator().next().getLong(0);
  }

  static String one(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters)).await(10, TimeUnit.SECONDS)
        .iterator().next().getValue(0).toString();
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }
}
