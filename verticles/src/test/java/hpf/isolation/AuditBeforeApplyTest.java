package hpf.isolation;

import hpf.apps.ChannelApps;
import hpf.boot.HpfApplication;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.crypto.Sm2Keys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static hpf.isolation.GuardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shared-state change an operator asks for is never in force without its audit record: with the audit log refusing
 * records about one target (a trigger added as the database superuser), forcing an isolation answers 503 and isolates
 * nothing, and a traffic limit change answers a problem and changes nothing; once the log accepts records again, the
 * same requests take effect, audited.
 */
class AuditBeforeApplyTest {

  private final HpfApplication app = TestPlatform.app();
  private final WebClient client = WebClient.create(app.vertx());

  @Test
  void anIsolationWhoseAuditRecordCannotBeWrittenIsNotApplied() throws Exception {
    String id = GuardFixture.newId("audit");
    await(app.dependencies().register(Dependency.of(id, "审计测试", new FakeDependency(app.vertx()).probe())));
    String target = "dependency:" + id;
    try (Refusal refusal = Refusal.of(target)) {
      HttpResponse<Buffer> refused = admin(HttpMethod.POST, "/v1/dependencies/" + id + "/isolation", "对方维护");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("AUDIT_UNAVAILABLE");
      new hpf.channel.ContractCheck(app.vertx(), Zone.ADMIN).conforms("isolateDependency", refused);
      assertThat(app.dependencies().status(id).state()).isEqualTo(IsolationState.AVAILABLE);
      assertThat(new GuardFixture(app).storedState(id)).isNull();
    }
    HttpResponse<Buffer> isolated = admin(HttpMethod.POST, "/v1/dependencies/" + id + "/isolation", "对方维护");
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isEqualTo(200);
    assertThat(app.dependencies().status(id).state()).isEqualTo(IsolationState.ISOLATED);
    assertThat(count("SELECT count(*) FROM audit_log WHERE target = $1 AND outcome = 'REQUESTED'", target)).isEqualTo(1);
    assertThat(new GuardFixture(app).transitions(id)).containsExactly("isolateDependency:AVAILABLE>ISOLATED");
  }

  @Test
  void aTrafficLimitWhoseAuditRecordCannotBeWrittenIsNotApplied() throws Exception {
    String appId = "test-audit-" + UUID.randomUUID().toString().substring(0, 8);
    new ChannelApps(app.vertx(), app.pool(), null).registerIfAbsent(appId, "测试·审计", "KIOSK", "SM2",
        Sm2Keys.toPem(Sm2Keys.generate().publicKey()), null).await(10, TimeUnit.SECONDS);
    app.traffic().refreshApps().await(10, TimeUnit.SECONDS);
    JsonObject before = admin(HttpMethod.GET, "/v1/traffic/channels/" + appId, null).bodyAsJsonObject();
    try (Refusal refusal = Refusal.of("channel_app:" + appId)) {
      HttpResponse<Buffer> refused = admin(HttpMethod.PUT, "/v1/traffic/channels/" + appId + "/limits", "压测前调低");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isGreaterThanOrEqualTo(500);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    JsonObject after = admin(HttpMethod.GET, "/v1/traffic/channels/" + appId, null).bodyAsJsonObject();
    assertThat(after.getLong("version")).isEqualTo(before.getLong("version"));
    assertThat(after.getJsonObject("policy")).isEqualTo(before.getJsonObject("policy"));
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String uri, String reason) throws Exception {
    var request = client.request(method, app.ports().get(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    if (reason == null) {
      return request.send().await(10, TimeUnit.SECONDS);
    }
    JsonObject body = new JsonObject().put("reason", reason);
    if (uri.endsWith("/limits")) {
      body.put("ratePerSecond", 1);
    }
    return request.putHeader("Idempotency-Key", "audit-" + UUID.randomUUID()).sendJsonObject(body)
        .await(10, TimeUnit.SECONDS);
  }

  private long count(String sql, String target) throws Exception {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(target))).iterator().next().getLong(0);
  }

  /** As the database superuser: a trigger that makes every audit record about one target fail, removed on close. */
  private record Refusal(PgConnection superuser, String name) implements AutoCloseable {
    static Refusal of(String target) throws Exception {
      PgConnection conn = PgConnection.connect(TestPlatform.app().vertx(), TestPlatform.app().database().connectOptions())
          .await(10, TimeUnit.SECONDS);
      String name = "test_refuse_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      conn.query("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.target = '"
          + target.replace("'", "''") + "' THEN RAISE EXCEPTION 'audit refused by test'; END IF; RETURN NEW; END $$")
          .execute().await(10, TimeUnit.SECONDS);
      conn.query("CREATE TRIGGER " + name + " BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION " + name + "()")
          .execute().await(10, TimeUnit.SECONDS);
      return new Refusal(conn, name);
    }

    @Override
    public void close() throws Exception {
      superuser.query("DROP TRIGGER " + name + " ON audit_log").execute().await(10, TimeUnit.SECONDS);
      superuser.query("DROP FUNCTION " + name + "()").execute().await(10, TimeUnit.SECONDS);
      superuser.close().await(10, TimeUnit.SECONDS);
    }
  }
}
