package hpf.identity;

import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.PasswordHash;
import hpf.crypto.SignedToken;
import hpf.kit.Settings;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Logins, sessions and who reaches which profile, through the signed public listener and the sandbox. */
@ExtendWith(VertxExtension.class)
class SessionsTest {

  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return calls.send("demo-mobile", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis());
  }

  private HttpResponse<Buffer> withToken(HttpMethod method, String uri, String token) throws Exception {
    return withToken("demo-mobile", method, uri, token);
  }

  /** A session is used through the app that opened it (staff: the counter app). */
  private HttpResponse<Buffer> withToken(String app, HttpMethod method, String uri, String token) throws Exception {
    return calls.request(app, method, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  private JsonArray messages(String phone) throws Exception {
    return client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
        .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
  }

  /** The first login code the sandbox SMS gateway delivered to this phone after {@code since} (sent after the answer). */
  private String codeSince(String phone, Instant since) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonArray items = messages(phone);
      if (!items.isEmpty() && Instant.parse(items.getJsonObject(0).getString("sentAt")).isAfter(since)) {
        return items.getJsonObject(0).getString("text").replaceAll(".*验证码为 ([0-9]{6}).*", "$1");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no login code reached " + phone);
  }

  private HttpResponse<Buffer> postAsCounter(String uri, JsonObject body) throws Exception {
    return calls.send("demo-counter", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis());
  }

  private JsonObject memberLogin(DemoPeople.Person person, String password) throws Exception {
    Instant since = Instant.now();
    HttpResponse<Buffer> sent = post("/v1/login-codes",
        new JsonObject().put("subjectKind", "MEMBER").put("idNumber", person.idNumber()));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    HttpResponse<Buffer> login = post("/v1/sessions", new JsonObject().put("method", "PASSWORD_SMS")
        .put("idNumber", person.idNumber()).put("password", password).put("smsCode", codeSince(person.phone(), since)));
    contract.conforms("createSession", login);
    return login.bodyAsJsonObject().put("status", login.statusCode());
  }

  private String staffToken(String staffId) throws Exception {
    HttpResponse<Buffer> login = postAsCounter("/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", staffId).put("password", DemoPeople.STAFF_PASSWORD));
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(201);
    return login.bodyAsJsonObject().getString("accessToken");
  }

  @Test
  void aMemberLogsInWithPasswordAndSmsCodeAndReachesOnlyItself() throws Exception {
    Instant since = Instant.now();
    HttpResponse<Buffer> code = post("/v1/login-codes",
        new JsonObject().put("subjectKind", "MEMBER").put("idNumber", DemoPeople.person("P00000001").idNumber()));
    contract.conforms("requestLoginCode", code);
    assertThat(code.bodyAsJsonObject().fieldNames()).containsExactly("validSeconds");
    HttpResponse<Buffer> login = post("/v1/sessions", new JsonObject().put("method", "PASSWORD_SMS")
        .put("idNumber", DemoPeople.person("P00000001").idNumber()).put("password", DemoPeople.MEMBER_PASSWORD)
        .put("smsCode", codeSince("13800000001", since)));
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(201);
    String token = login.bodyAsJsonObject().getString("accessToken");

    HttpResponse<Buffer> me = withToken(HttpMethod.GET, "/v1/sessions/current", token);
    contract.conforms("getCurrentSession", me);
    assertThat(me.bodyAsJsonObject().getString("subjectId")).isEqualTo("P00000001");
    HttpResponse<Buffer> own = withToken(HttpMethod.GET, "/v1/members/P00000001", token);
    contract.conforms("getMemberProfile", own);
    assertThat(own.bodyAsJsonObject().getString("idNumber")).isEqualTo("350102********1238");
    assertThat(own.bodyAsJsonObject().getString("phone")).isEqualTo("138****0001");
    HttpResponse<Buffer> other = withToken(HttpMethod.GET, "/v1/members/P00000002", token);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsString()).doesNotContain("李四");
    HttpResponse<Buffer> employer = withToken(HttpMethod.GET, "/v1/employers/E00000001", token);
    assertThat(employer.statusCode()).isEqualTo(403);
    contract.conforms("getEmployerProfile", employer);
  }

  @Test
  void anEmployerReachesOnlyItselfAndStaffNeedAServiceRole() throws Exception {
    Instant since = Instant.now();
    post("/v1/login-codes", new JsonObject().put("subjectKind", "EMPLOYER").put("creditCode", "91350203MA31H0A0XG"));
    HttpResponse<Buffer> login = post("/v1/sessions", new JsonObject().put("method", "PASSWORD_SMS")
        .put("subjectKind", "EMPLOYER").put("creditCode", "91350203MA31H0A0XG")
        .put("password", DemoPeople.MEMBER_PASSWORD).put("smsCode", codeSince("13800000003", since)));
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(201);
    String employer = login.bodyAsJsonObject().getString("accessToken");
    assertThat(withToken(HttpMethod.GET, "/v1/employers/E00000001", employer).bodyAsJsonObject().getString("name"))
        .isEqualTo("厦门示例科技有限公司");
    assertThat(withToken(HttpMethod.GET, "/v1/employers/E00000002", employer).statusCode()).isEqualTo(404);
    assertThat(withToken(HttpMethod.GET, "/v1/members/P00000003", employer).statusCode()).isEqualTo(403);

    String counter = staffToken("counter.li");
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/members/P00000002", counter).statusCode()).isEqualTo(200);
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/employers/E00000001", counter).statusCode()).isEqualTo(200);
    // The same token presented through another app is refused.
    assertThat(withToken("demo-mobile", HttpMethod.GET, "/v1/members/P00000002", counter).bodyAsJsonObject()
        .getString("code")).isEqualTo("SESSION_REQUIRED");
    String operator = staffToken("ops.sun");
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/members/P00000002", operator).statusCode()).isEqualTo(403);
  }

  @Test
  void aUnifiedIdentityTicketLogsInOnce() throws Exception {
    String ticket = client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", DemoPeople.person("P00000001").idNumber()))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
    JsonObject login = new JsonObject().put("method", "IDENTITY_TICKET").put("ticket", ticket);
    HttpResponse<Buffer> first = post("/v1/sessions", login);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getString("subjectId")).isEqualTo("P00000001");
    HttpResponse<Buffer> again = post("/v1/sessions", login);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("IDENTITY_TICKET_INVALID");
  }

  @Test
  void repeatedFailuresLockTheAccountEvenForTheRightPassword() throws Exception {
    DemoPeople.Person person = DemoPeople.person("P00000002");
    for (int attempt = 1; attempt <= 4; attempt++) {
      JsonObject failed = memberLoginWithoutWait(person, "wrong-" + attempt);
      assertThat(failed.getString("code")).isEqualTo("LOGIN_FAILED");
    }
    assertThat(memberLoginWithoutWait(person, "wrong-5").getString("code")).isEqualTo("ACCOUNT_LOCKED");
    HttpResponse<Buffer> right = post("/v1/sessions", new JsonObject().put("method", "PASSWORD_SMS")
        .put("idNumber", person.idNumber()).put("password", DemoPeople.MEMBER_PASSWORD).put("smsCode", "000000"));
    assertThat(right.bodyAsJsonObject().getString("code")).isEqualTo("ACCOUNT_LOCKED");
    assertThat(right.bodyAsJsonObject().getString("detail")).contains("北京时间");
    long locked = TestPlatform.app().pool().query(
            "SELECT count(*) FROM audit_log WHERE operation = 'createSession' AND actor = 'P00000002' AND outcome = 'LOCKED'")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(locked).isEqualTo(1);
  }

  /** A login attempt with a wrong password; the SMS code does not matter (checked only after the password). */
  private JsonObject memberLoginWithoutWait(DemoPeople.Person person, String password) throws Exception {
    HttpResponse<Buffer> login = post("/v1/sessions", new JsonObject().put("method", "PASSWORD_SMS")
        .put("idNumber", person.idNumber()).put("password", password).put("smsCode", "123456"));
    assertThat(login.statusCode()).isEqualTo(401);
    return login.bodyAsJsonObject();
  }

  @Test
  void refreshRotatesAndLogoutRevokesEverywhere() throws Exception {
    String counter = staffToken("reviewer.zhao");
    JsonObject session = postAsCounter("/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", "auditor.qian").put("password", DemoPeople.STAFF_PASSWORD)).bodyAsJsonObject();
    HttpResponse<Buffer> refreshed = postAsCounter("/v1/sessions/refresh",
        new JsonObject().put("refreshToken", session.getString("refreshToken")));
    contract.conforms("refreshSession", refreshed);
    assertThat(refreshed.statusCode()).isEqualTo(200);

    String access = refreshed.bodyAsJsonObject().getString("accessToken");
    HttpResponse<Buffer> logout = withToken("demo-counter", HttpMethod.DELETE, "/v1/sessions/current", access);
    assertThat(logout.statusCode()).isEqualTo(204);
    contract.conforms("deleteCurrentSession", logout);
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/sessions/current", access).bodyAsJsonObject()
        .getString("code")).isEqualTo("SESSION_REVOKED");
    assertThat(postAsCounter("/v1/sessions/refresh", new JsonObject().put("refreshToken",
        refreshed.bodyAsJsonObject().getString("refreshToken"))).bodyAsJsonObject().getString("code"))
        .isEqualTo("REFRESH_TOKEN_INVALID");
    // Another session of the platform is untouched.
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/sessions/current", counter).statusCode()).isEqualTo(200);
  }

  @Test
  void aReusedRefreshTokenEndsTheSessionAndRefreshStaysWithItsApp() throws Exception {
    JsonObject session = postAsCounter("/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", "auditor.qian").put("password", DemoPeople.STAFF_PASSWORD)).bodyAsJsonObject();
    String first = session.getString("refreshToken");
    assertThat(post("/v1/sessions/refresh", new JsonObject().put("refreshToken", first)).bodyAsJsonObject()
        .getString("code")).as("another app").isEqualTo("REFRESH_TOKEN_INVALID");
    JsonObject rotated = postAsCounter("/v1/sessions/refresh", new JsonObject().put("refreshToken", first))
        .bodyAsJsonObject();
    // A client whose answer got lost retries at once: within the retry window that is not a theft.
    HttpResponse<Buffer> retry = postAsCounter("/v1/sessions/refresh", new JsonObject().put("refreshToken", first));
    assertThat(retry.statusCode()).isEqualTo(200);
    rotated = retry.bodyAsJsonObject();
    // Later, the old token again means it was copied: the session ends.
    TestPlatform.app().pool().preparedQuery("UPDATE session SET rotated_at = now() - interval '1 minute' "
        + "WHERE subject_id = 'auditor.qian' AND revoked_at IS NULL").execute(Tuple.tuple()).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> reuse = postAsCounter("/v1/sessions/refresh", new JsonObject().put("refreshToken", first));
    assertThat(reuse.bodyAsJsonObject().getString("code")).isEqualTo("REFRESH_TOKEN_INVALID");
    assertThat(withToken("demo-counter", HttpMethod.GET, "/v1/sessions/current", rotated.getString("accessToken"))
        .bodyAsJsonObject().getString("code")).isEqualTo("SESSION_REVOKED");
    assertThat(postAsCounter("/v1/sessions/refresh", new JsonObject().put("refreshToken",
        rotated.getString("refreshToken"))).bodyAsJsonObject().getString("code")).isEqualTo("REFRESH_TOKEN_INVALID");
  }

  @Test
  void missingForgedAndExpiredTokensAreRefused() throws Exception {
    HttpResponse<Buffer> none = calls.get("/v1/sessions/current");
    assertThat(none.bodyAsJsonObject().getString("code")).isEqualTo("SESSION_REQUIRED");
    contract.conforms("getCurrentSession", none);
    assertThat(withToken(HttpMethod.GET, "/v1/sessions/current", "abc.def.ghi").bodyAsJsonObject().getString("code"))
        .isEqualTo("SESSION_REQUIRED");
    Instant past = Instant.now().minusSeconds(3600);
    String expired = SignedToken.issue(new SignedToken.Claims("P00000001", "MEMBER", List.of(), "public", "demo-mobile", "s-old",
        past, past.plusSeconds(900)), HpfConfig.from(Settings.of(Map.of())).security().tokenKeys());
    assertThat(withToken(HttpMethod.GET, "/v1/sessions/current", expired).bodyAsJsonObject().getString("code"))
        .isEqualTo("SESSION_EXPIRED");
  }

  @Test
  void unknownPeopleAreNotRevealedAndParallelRequestsSendOneCodeAMinute() throws Exception {
    HttpResponse<Buffer> unknown = post("/v1/login-codes",
        new JsonObject().put("subjectKind", "MEMBER").put("idNumber", "11010519491231002X"));
    // A person of this test's own, so no other test's logins or lockouts interfere with the one-a-minute rule.
    String idNumber = "11010119900307123";
    idNumber = idNumber + Identifiers.idCheckCharacter(idNumber);
    hpf.crypto.FieldCipher fields = new hpf.crypto.FieldCipher(
        HpfConfig.from(Settings.of(Map.of())).security().fieldKeys(),
        HpfConfig.from(Settings.of(Map.of())).security().blindIndexKey());
    TestPlatform.app().pool().preparedQuery("INSERT INTO person (person_id, name, id_number_enc, id_number_idx, phone_enc, "
            + "phone_idx) VALUES ('P00000099', '测试', $1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(fields.encrypt("person.id_number", "P00000099", idNumber), fields.blindIndex("person.id_number", idNumber),
            fields.encrypt("person.phone", "P00000099", "13800000099"), fields.blindIndex("person.phone", "13800000099")))
        .await(10, TimeUnit.SECONDS);
    JsonObject known = new JsonObject().put("subjectKind", "MEMBER").put("idNumber", idNumber);
    int before = messages("13800000099").size();
    Instant since = Instant.now();
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(calls.request("demo-mobile", HttpMethod.POST, "/v1/login-codes", known.toBuffer(), System.currentTimeMillis())
          .sendBuffer(known.toBuffer()));
    }
    Future.join(burst).await(20, TimeUnit.SECONDS);
    assertThat(unknown.statusCode()).isEqualTo(202);
    for (Future<HttpResponse<Buffer>> answer : burst) {
      assertThat(answer.result().statusCode()).isEqualTo(202);
      assertThat(answer.result().bodyAsJsonObject()).isEqualTo(unknown.bodyAsJsonObject());
    }
    codeSince("13800000099", since);
    assertThat(messages("13800000099").size() - before).isEqualTo(1);
  }

  @Test
  void staffLogInOnlyThroughCounterApps() throws Exception {
    HttpResponse<Buffer> mobile = post("/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", "counter.li").put("password", DemoPeople.STAFF_PASSWORD));
    assertThat(mobile.statusCode()).isEqualTo(403);
    assertThat(mobile.bodyAsJsonObject().getString("code")).isEqualTo("STAFF_COUNTER_ONLY");
  }

  @Test
  void parallelGuessesCannotExceedTheFailureLimit() throws Exception {
    TestPlatform.app().pool().preparedQuery("INSERT INTO staff_user (staff_id, name, roles, password_hash) "
            + "VALUES ('guess.target', '测试', '{COUNTER}', $1) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(PasswordHash.hash("Right@2026", 1000))).await(10, TimeUnit.SECONDS);
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JsonObject guess = new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", "guess.target")
          .put("password", "guess-" + i);
      guesses.add(calls.request("demo-counter", HttpMethod.POST, "/v1/sessions", guess.toBuffer(), System.currentTimeMillis())
          .sendBuffer(guess.toBuffer()));
    }
    Future.join(guesses).await(30, TimeUnit.SECONDS);
    for (Future<HttpResponse<Buffer>> answer : guesses) {
      assertThat(answer.result().bodyAsJsonObject().getString("code")).isIn("LOGIN_FAILED", "ACCOUNT_LOCKED");
    }
    long evaluated = TestPlatform.app().pool()
        .query("SELECT count(*) FROM audit_log WHERE operation = 'createSession' AND actor = 'guess.target'")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(evaluated).isEqualTo(5);
    HttpResponse<Buffer> right = postAsCounter("/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", "guess.target").put("password", "Right@2026"));
    assertThat(right.bodyAsJsonObject().getString("code")).isEqualTo("ACCOUNT_LOCKED");
  }

  @Test
  void identifiersAreNeverStoredInClear() throws Exception {
    var rows = TestPlatform.app().pool().query("SELECT row_to_json(p)::text AS r FROM person p").execute()
        .await(10, TimeUnit.SECONDS);
    assertThat(rows.size()).isGreaterThanOrEqualTo(3);
    rows.forEach(row -> {
      for (DemoPeople.Person person : DemoPeople.PEOPLE) {
        assertThat(row.getString("r")).doesNotContain(person.idNumber(), person.phone());
      }
    });
  }
}
