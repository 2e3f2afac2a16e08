package hpf.boot;

import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operators authenticate, their actions are audited, and the audit chain exposes tampering. */
@ExtendWith(VertxExtension.class)
class AdminApiTest {

  private WebClient client;
  private ContractCheck contract;
  private int port;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    port = TestPlatform.port(Zone.ADMIN);
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
  }

  private HttpRequest<Buffer> asOperator(HttpMethod method, String uri) {
    String role = uri.startsWith("/v1/audit-log") ? TestOperators.AUDITOR
        : uri.startsWith("/v1/channel-apps") || uri.startsWith("/v1/field-keys") ? TestOperators.SECURITY_ADMIN
        : TestOperators.SYSTEM_ADMIN;
    return client.request(method, port, "127.0.0.1", uri).putHeader("Authorization", TestOperators.authorization(role));
  }

  @Test
  void operatorsMustAuthenticate() throws Exception {
    HttpResponse<Buffer> none = client.get(port, "127.0.0.1", "/v1/system").send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> wrong = client.get(port, "127.0.0.1", "/v1/system").basicAuthentication("operator", "guess")
        .send().await(10, TimeUnit.SECONDS);
    for (HttpResponse<Buffer> response : new HttpResponse[] {none, wrong}) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"hpf-admin\"");
      assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("OPERATOR_UNAUTHENTICATED");
      contract.conforms("getSystemInfo", response);
    }
    HttpResponse<Buffer> ok = asOperator(HttpMethod.GET, "/v1/system").send().await(10, TimeUnit.SECONDS);
    assertThat(ok.statusCode()).isEqualTo(200);
    contract.conforms("getSystemInfo", ok);
  }

  @Test
  void aDisabledAppIsRefusedAtOnceAndTheChangeIsAudited() throws Exception {
    SignedCalls publicCalls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    assertThat(publicCalls.send("demo-partner", HttpMethod.GET, "/v1/service-items", null, System.currentTimeMillis())
        .statusCode()).isEqualTo(200);

    HttpResponse<Buffer> disabled = asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-partner/status")
        .putHeader("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("status", "DISABLED")).await(10, TimeUnit.SECONDS);
    assertThat(disabled.statusCode()).isEqualTo(200);
    contract.conforms("setChannelAppStatus", disabled);
    assertThat(disabled.bodyAsJsonObject().getString("status")).isEqualTo("DISABLED");
    HttpResponse<Buffer> refused = publicCalls.send("demo-partner", HttpMethod.GET, "/v1/service-items", null,
        System.currentTimeMillis());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("APP_DISABLED");

    asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-partner/status")
        .putHeader("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("status", "ACTIVE")).await(10, TimeUnit.SECONDS);
    assertThat(publicCalls.send("demo-partner", HttpMethod.GET, "/v1/service-items", null, System.currentTimeMillis())
        .statusCode()).isEqualTo(200);

    HttpResponse<Buffer> records = asOperator(HttpMethod.GET,
        "/v1/audit-log?operation=setChannelAppStatus&actor=ops.security&size=2").send().await(10, TimeUnit.SECONDS);
    contract.conforms("listAuditRecords", records);
    JsonObject latest = records.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(latest.getString("target")).isEqualTo("channel_app:demo-partner");
    assertThat(latest.getJsonObject("details").getString("status")).isEqualTo("ACTIVE");
    assertThat(latest.getString("actorKind")).isEqualTo("OPERATOR");
    assertThat(latest.getString("requestId")).isNotBlank();
  }

  @Test
  void anUnknownAppIsNotFoundAndAnUnknownStatusIsInvalid() throws Exception {
    HttpResponse<Buffer> unknown = asOperator(HttpMethod.PUT, "/v1/channel-apps/no-such-app/status")
        .putHeader("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("status", "DISABLED")).await(10, TimeUnit.SECONDS);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_APP_NOT_FOUND");
    HttpResponse<Buffer> invalid = asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-mobile/status")
        .putHeader("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("status", "GONE")).await(10, TimeUnit.SECONDS);
    assertThat(invalid.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badTime = asOperator(HttpMethod.GET, "/v1/audit-log?from=yesterday")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(badTime.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("from");
  }

  @Test
  void aWriteIsDoneOnceForOneKeyAndTheKeyCannotBeReusedForAnotherRequest() throws Exception {
    HttpResponse<Buffer> missing = asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-online-hall/status")
        .sendJsonObject(new JsonObject().put("status", "ACTIVE")).await(10, TimeUnit.SECONDS);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("Idempotency-Key");

    String key = "ops-" + java.util.UUID.randomUUID();
    long before = auditCount();
    java.util.List<io.vertx.core.Future<HttpResponse<Buffer>>> attempts = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      attempts.add(asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-online-hall/status").putHeader("Idempotency-Key", key)
          .sendJsonObject(new JsonObject().put("status", "ACTIVE")));
    }
    io.vertx.core.Future.join(attempts).await(20, TimeUnit.SECONDS);
    long replayed = attempts.stream().filter(a -> "true".equals(a.result().getHeader("Idempotent-Replayed"))).count();
    assertThat(attempts).allSatisfy(a -> assertThat(a.result().statusCode()).isEqualTo(200));
    assertThat(replayed).isEqualTo(4);
    assertThat(auditCount() - before).isEqualTo(1);

    HttpResponse<Buffer> conflict = asOperator(HttpMethod.PUT, "/v1/channel-apps/demo-online-hall/status")
        .putHeader("Idempotency-Key", key).sendJsonObject(new JsonObject().put("status", "DISABLED"))
        .await(10, TimeUnit.SECONDS);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.bodyAsJsonObject().getString("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
    contract.conforms("setChannelAppStatus", conflict);
    assertThat(new SignedCalls(client, TestPlatform.port(Zone.PUBLIC)).send("demo-online-hall", HttpMethod.GET,
        "/v1/service-items?size=1", null, System.currentTimeMillis()).statusCode()).isEqualTo(200);
  }

  @Test
  void operatorsScheduleNewPolicyVersionsButNeverRewriteThePast() throws Exception {
    HttpResponse<Buffer> now = asOperator(HttpMethod.GET, "/v1/policies?date=2026-11-22").send().await(10, TimeUnit.SECONDS);
    contract.conforms("listPolicyParameters", now);
    assertThat(now.bodyAsJsonObject().getJsonObject("values").getString("contribution.base.min")).isEqualTo("2030.00");

    String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
    JsonObject version = new JsonObject().put("name", "withdrawal.rent.monthly_cap").put("effectiveFrom", tomorrow)
        .put("value", "1800.00").put("note", "test");
    HttpResponse<Buffer> added = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID()).sendJsonObject(version)
        .await(10, TimeUnit.SECONDS);
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    contract.conforms("addPolicyVersion", added);
    assertThat(asOperator(HttpMethod.GET, "/v1/policies?date=" + tomorrow).send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonObject("values").getString("withdrawal.rent.monthly_cap")).isEqualTo("1800.00");

    HttpResponse<Buffer> again = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID()).sendJsonObject(version)
        .await(10, TimeUnit.SECONDS);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("POLICY_VERSION_EXISTS");
    HttpResponse<Buffer> past = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID())
        .sendJsonObject(version.copy().put("effectiveFrom", "2020-01-01")).await(10, TimeUnit.SECONDS);
    assertThat(past.bodyAsJsonObject().getString("code")).isEqualTo("POLICY_EFFECTIVE_DATE_PAST");
    HttpResponse<Buffer> unknown = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID())
        .sendJsonObject(version.copy().put("name", "no.such.rule")).await(10, TimeUnit.SECONDS);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("POLICY_PARAMETER_UNKNOWN");
    HttpResponse<Buffer> today = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID())
        .sendJsonObject(version.copy().put("effectiveFrom", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
            .toString())).await(10, TimeUnit.SECONDS);
    assertThat(today.bodyAsJsonObject().getString("code")).isEqualTo("POLICY_EFFECTIVE_DATE_PAST");
    HttpResponse<Buffer> typo = asOperator(HttpMethod.POST, "/v1/policies")
        .putHeader("Idempotency-Key", "policy-" + java.util.UUID.randomUUID())
        .sendJsonObject(version.copy().put("name", "contribution.ratio.max").put("value", "12%")).await(10, TimeUnit.SECONDS);
    assertThat(typo.bodyAsJsonObject().getString("code")).isEqualTo("POLICY_VALUE_INVALID");
    HttpResponse<Buffer> badDate = asOperator(HttpMethod.GET, "/v1/policies?date=2026-13-45").send().await(10, TimeUnit.SECONDS);
    assertThat(badDate.statusCode()).isEqualTo(400);
  }

  private long auditCount() throws Exception {
    return TestPlatform.app().pool().query("SELECT count(*) FROM audit_log WHERE operation = 'setChannelAppStatus'")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  @Test
  void theAuditChainVerifiesAndNamesARecordChangedBehindItsBack() throws Exception {
    asOperator(HttpMethod.PUT, "/v1/loggers/hpf.boot.SystemInfo").putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("level", "INFO")).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> valid = asOperator(HttpMethod.GET, "/v1/audit-log/verification").send().await(10, TimeUnit.SECONDS);
    contract.conforms("verifyAuditChain", valid);
    assertThat(valid.bodyAsJsonObject().getBoolean("valid")).isTrue();

    Pool pool = TestPlatform.app().pool();
    long seq = pool.query("SELECT max(seq) FROM audit_log WHERE operation = 'setLoggerLevel'").execute()
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    // The application's own paths cannot change a record ...
    assertThatThrownBy(() -> pool.preparedQuery("UPDATE audit_log SET outcome = 'DENIED' WHERE seq = $1")
        .execute(Tuple.of(seq)).await(10, TimeUnit.SECONDS)).hasMessageContaining("append-only");
    // ... and a superuser who goes around the guard is caught by the chain.
    tamper(pool, seq, "DENIED");
    try {
      JsonObject broken = asOperator(HttpMethod.GET, "/v1/audit-log/verification").send().await(10, TimeUnit.SECONDS)
          .bodyAsJsonObject();
      assertThat(broken.getBoolean("valid")).isFalse();
      assertThat(broken.getLong("brokenAt")).isEqualTo(seq);
      assertThat(broken.getString("problem")).isEqualTo("record " + seq + " was changed after it was written");
    } finally {
      tamper(pool, seq, "OK");
    }
    assertThat(asOperator(HttpMethod.GET, "/v1/audit-log/verification").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getBoolean("valid")).isTrue();
  }

  @Test
  void onlyOneKeyRotationRunsAtATimeInTheCluster() throws Exception {
    var lock = TestPlatform.app().vertx().sharedData().getLock("hpf.field-key-rotation").await(10, TimeUnit.SECONDS);
    try {
      HttpResponse<Buffer> busy = asOperator(HttpMethod.POST, "/v1/field-keys/rotation").send().await(10, TimeUnit.SECONDS);
      assertThat(busy.statusCode()).isEqualTo(409);
      assertThat(busy.bodyAsJsonObject().getString("code")).isEqualTo("ROTATION_RUNNING");
      contract.conforms("startFieldKeyRotation", busy);
    } finally {
      lock.release();
    }
    HttpResponse<Buffer> status = asOperator(HttpMethod.GET, "/v1/field-keys/rotation").send().await(10, TimeUnit.SECONDS);
    contract.conforms("getFieldKeyRotation", status);
    assertThat(status.bodyAsJsonObject().getInteger("currentVersion")).isEqualTo(1);
    assertThat(status.bodyAsJsonObject().getJsonObject("remaining").getMap()).containsEntry("person.id_number_enc", 0);
  }

  private static void tamper(Pool pool, long seq, String outcome) throws Exception {
    // A superuser goes around the guard; the application's own role could not disable it.
    hpf.boot.Superuser.pool().withTransaction(conn -> conn.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update").execute()
        .compose(v -> conn.preparedQuery("UPDATE audit_log SET outcome = $2 WHERE seq = $1").execute(Tuple.of(seq, outcome)))
        .compose(v -> conn.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update").execute()))
        .await(10, TimeUnit.SECONDS);
  }
}
