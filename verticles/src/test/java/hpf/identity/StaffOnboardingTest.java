package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator opens a staff account; the staff member logs in at the counter with the password shown once. */
@ExtendWith(VertxExtension.class)
class StaffOnboardingTest {

  private WebClient client;
  private ContractCheck contract;
  private SignedCalls counter;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
    counter = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body, String key) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN));
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> login(String staffId, String password) throws Exception {
    return counter.send("demo-counter", HttpMethod.POST, "/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
        .put("staffId", staffId).put("password", password).toBuffer(), System.currentTimeMillis());
  }

  private int current(String accessToken) throws Exception {
    return counter.request("demo-counter", HttpMethod.GET, "/v1/sessions/current", null, System.currentTimeMillis())
        .putHeader("Authorization", "Bearer " + accessToken).send().await(10, TimeUnit.SECONDS).statusCode();
  }

  @Test
  void aNewStaffUserLogsInWithThePasswordShownOnceAndIsShutOutWhenDisabled() throws Exception {
    String staffId = "counter.t" + UUID.randomUUID().toString().substring(0, 6);
    String key = "staff-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("staffId", staffId).put("name", "测试柜员")
        .put("roles", new JsonArray().add("COUNTER").add("REVIEWER"));
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/v1/staff-users", body, key);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    contract.conforms("createStaffUser", created);
    String password = created.bodyAsJsonObject().getString("password");
    assertThat(password).hasSize(16);
    HttpResponse<Buffer> replay = admin(HttpMethod.POST, "/v1/staff-users", body, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject().containsKey("password")).isFalse();
    long clear = TestPlatform.app().pool().preparedQuery("""
            SELECT (SELECT count(*) FROM idempotency_record WHERE body LIKE $1)
                 + (SELECT count(*) FROM staff_user WHERE password_hash LIKE $1)""")
        .execute(Tuple.of("%" + password + "%")).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(clear).isZero();

    HttpResponse<Buffer> session = login(staffId, password);
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    assertThat(session.bodyAsJsonObject().getJsonArray("roles")).containsExactlyInAnyOrder("COUNTER", "REVIEWER");
    String token = session.bodyAsJsonObject().getString("accessToken");
    assertThat(current(token)).isEqualTo(200);

    HttpResponse<Buffer> list = admin(HttpMethod.GET, "/v1/staff-users?size=100", null, null);
    contract.conforms("listStaffUsers", list);
    assertThat(list.bodyAsString()).contains(staffId).doesNotContain("pbkdf2");

    HttpResponse<Buffer> disabled = admin(HttpMethod.PUT, "/v1/staff-users/" + staffId + "/status",
        new JsonObject().put("status", "DISABLED"), "staff-" + UUID.randomUUID());
    assertThat(disabled.statusCode()).as(disabled.bodyAsString()).isEqualTo(200);
    contract.conforms("setStaffUserStatus", disabled);
    assertThat(current(token)).as("the open session ends with the account").isEqualTo(401);
    HttpResponse<Buffer> refused = login(staffId, password);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("LOGIN_FAILED");

    admin(HttpMethod.PUT, "/v1/staff-users/" + staffId + "/status", new JsonObject().put("status", "ACTIVE"),
        "staff-" + UUID.randomUUID());
    HttpResponse<Buffer> reset = admin(HttpMethod.POST, "/v1/staff-users/" + staffId + "/password-reset", null,
        "staff-" + UUID.randomUUID());
    assertThat(reset.statusCode()).as(reset.bodyAsString()).isEqualTo(200);
    contract.conforms("resetStaffUserPassword", reset);
    String next = reset.bodyAsJsonObject().getString("password");
    assertThat(login(staffId, password).statusCode()).isEqualTo(401);
    assertThat(login(staffId, next).statusCode()).isEqualTo(201);

    var audit = TestPlatform.app().pool().preparedQuery(
            "SELECT operation FROM audit_log WHERE target = $1 AND actor_kind = 'OPERATOR' ORDER BY seq")
        .execute(Tuple.of("staff:" + staffId)).await(10, TimeUnit.SECONDS);
    assertThat(audit.size()).isEqualTo(4);
  }

  @Test
  void unknownRolesTakenIdsAndControlCharactersAreRefused() throws Exception {
    JsonObject base = new JsonObject().put("staffId", "t" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "测试").put("roles", new JsonArray().add("COUNTER"));
    for (JsonObject bad : new JsonObject[] {
        base.copy().put("roles", new JsonArray().add("SECURITY_ADMIN")),
        base.copy().put("roles", new JsonArray()),
        base.copy().put("name", "测\u0000试"),
        base.copy().put("staffId", "X"),
        base.copy().put("password", "chosen-by-operator")}) {
      HttpResponse<Buffer> refused = admin(HttpMethod.POST, "/v1/staff-users", bad, "staff-" + UUID.randomUUID());
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
      contract.conforms("createStaffUser", refused);
    }
    HttpResponse<Buffer> taken = admin(HttpMethod.POST, "/v1/staff-users", base.copy().put("staffId", "counter.li"),
        "staff-" + UUID.randomUUID());
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.bodyAsJsonObject().getString("code")).isEqualTo("STAFF_USER_EXISTS");
    assertThat(admin(HttpMethod.POST, "/v1/staff-users/nobody.here/password-reset", null, "staff-" + UUID.randomUUID())
        .statusCode()).isEqualTo(404);
  }
}
