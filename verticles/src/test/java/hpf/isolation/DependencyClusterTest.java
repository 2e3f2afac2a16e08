package hpf.isolation;

import hpf.audit.AuditEntry;
import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.Settings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static hpf.isolation.GuardFixture.await;
import static hpf.isolation.GuardFixture.eventually;
import static hpf.isolation.GuardFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation is one state for the whole cluster: operators act on any member, every member follows within a
 * moment, exactly one probes, and a member started afresh reads the state back from PostgreSQL.
 */
class DependencyClusterTest {

  private static HpfApplication start(Map<String, String> overrides) throws Exception {
    return HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> admin(WebClient client, HpfApplication app, HttpMethod method, String uri,
                                            JsonObject body) throws Exception {
    var request = client.request(method, app.ports().get(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  @Test
  void membersAgreeOnTheStateOperatorsOverrideItAndExactlyOneMemberProbes() throws Exception {
    HpfApplication a = TestPlatform.app();
    HpfApplication b = start(TestPlatform.secondMemberOverrides());
    WebClient client = WebClient.create(a.vertx());
    ContractCheck contract = new ContractCheck(a.vertx(), Zone.ADMIN);
    try {
      FakeDependency dependency = new FakeDependency(a.vertx());
      String id = GuardFixture.newId("cluster");
      Dependency spec = new Dependency(id, "殡葬数据", new Dependency.Tuning(Duration.ofSeconds(3), 4, 3, 20, 10, 0.9,
          Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(15), 2, Duration.ofSeconds(10)), dependency.probe());
      await(a.dependencies().register(spec));
      await(b.dependencies().register(spec));

      HttpResponse<Buffer> isolated = admin(client, a, HttpMethod.POST, "/v1/dependencies/" + id + "/isolation",
          new JsonObject().put("reason", "对方系统升级"));
      assertThat(isolated.statusCode()).isEqualTo(200);
      contract.conforms("isolateDependency", isolated);
      assertThat(isolated.bodyAsJsonObject().getString("state")).isEqualTo("ISOLATED");
      eventually(() -> b.dependencies().status(id).state() == IsolationState.ISOLATED, "the other member follows");
      assertThat(failureOf(b.dependencies().call(id, dependency.request())))
          .isInstanceOf(DependencyIsolatedException.class);
      assertThat(dependency.calls()).isZero();

      HttpResponse<Buffer> listed = admin(client, b, HttpMethod.GET, "/v1/dependencies", null);
      contract.conforms("listDependencies", listed);
      JsonObject seen = listed.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(d -> d.getString("id").equals(id)).findFirst().orElseThrow();
      assertThat(seen.getString("state")).isEqualTo("ISOLATED");
      assertThat(seen.getString("cause")).contains("对方系统升级");
      assertThat(seen.getString("nextProbeAt")).isNotBlank();

      // "Probe now" on both members at once: the atomic claim lets exactly one of them probe.
      dependency.delay(300);
      Future<HttpResponse<Buffer>> onA = client.request(HttpMethod.POST, a.ports().get(Zone.ADMIN), "127.0.0.1",
          "/v1/dependencies/" + id + "/probes").putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).send();
      Future<HttpResponse<Buffer>> onB = client.request(HttpMethod.POST, b.ports().get(Zone.ADMIN), "127.0.0.1",
          "/v1/dependencies/" + id + "/probes").putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).send();
      List<HttpResponse<Buffer>> probed = List.of(onA.await(10, TimeUnit.SECONDS), onB.await(10, TimeUnit.SECONDS));
      for (HttpResponse<Buffer> r : probed) {
        contract.conforms("probeDependency", r);
      }
      List<String> results = probed.stream().map(r -> r.bodyAsJsonObject().getString("probe")).sorted().toList();
      assertThat(results).containsExactly("NOT_RUN", "SUCCEEDED");
      assertThat(dependency.probes()).isEqualTo(1);
      eventually(() -> a.dependencies().status(id).state() == IsolationState.PROBING
          && b.dependencies().status(id).state() == IsolationState.PROBING, "both see the probing state");

      HttpResponse<Buffer> lifted = admin(client, b, HttpMethod.DELETE, "/v1/dependencies/" + id + "/isolation",
          new JsonObject().put("reason", "对方确认已恢复"));
      contract.conforms("liftDependencyIsolation", lifted);
      assertThat(lifted.bodyAsJsonObject().getString("state")).isEqualTo("AVAILABLE");
      eventually(() -> a.dependencies().status(id).available(), "the first member follows the lift");
      assertThat(await(a.dependencies().call(id, dependency.request()))).isEqualTo("answer");

      GuardFixture f = new GuardFixture(a);
      f.guard.close();
      assertThat(f.transitions(id)).containsExactly("isolateDependency:AVAILABLE>ISOLATED",
          "probeDependency:ISOLATED>PROBING", "probeDependency:PROBING>PROBING",
          "liftDependencyIsolation:PROBING>AVAILABLE");
      var audited = await(a.pool().preparedQuery("SELECT actor, actor_kind, details FROM audit_log WHERE target = $1 "
          + "AND operation = 'liftDependencyIsolation'").execute(io.vertx.sqlclient.Tuple.of("dependency:" + id)));
      var row = audited.iterator().next();
      assertThat(row.getString("actor")).isEqualTo(TestOperators.username(TestOperators.SYSTEM_ADMIN));
      assertThat(row.getString("actor_kind")).isEqualTo("OPERATOR");
      assertThat(((JsonObject) row.getJson("details")).getString("reason")).isEqualTo("对方确认已恢复");

      HttpResponse<Buffer> unknown = admin(client, a, HttpMethod.POST, "/v1/dependencies/no.such/isolation",
          new JsonObject().put("reason", "x"));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_NOT_FOUND");
      contract.conforms("isolateDependency", unknown);
    } finally {
      b.stop().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMemberStartedAfreshReadsTheIsolationBackFromTheDatabase() throws Exception {
    HpfApplication a = TestPlatform.app();
    FakeDependency dependency = new FakeDependency(a.vertx());
    String id = GuardFixture.newId("restart");
    Dependency spec = Dependency.of(id, "社保数据", dependency.probe());
    await(a.dependencies().register(spec));
    DependencyStatus isolated = await(a.dependencies().forceIsolate(id, "测试：重启前隔离",
        new AuditEntry("operator", "OPERATOR", "admin", "isolateDependency", null, "OK", "test-restart",
            Map.of("reason", "重启前隔离"))));
    assertThat(isolated.state()).isEqualTo(IsolationState.ISOLATED);
    eventually(() -> {
      try {
        return "ISOLATED".equals(new GuardFixture(a).storedState(id));
      } catch (Exception e) {
        return false;
      }
    }, "stored");

    // Its own cluster: nothing to learn from other members, only from PostgreSQL.
    HpfApplication fresh = start(TestPlatform.externalDatabaseOverrides());
    try {
      await(fresh.dependencies().register(spec));
      DependencyStatus read = fresh.dependencies().status(id);
      assertThat(read.state()).isEqualTo(IsolationState.ISOLATED);
      assertThat(read.nextProbeAt()).isEqualTo(isolated.nextProbeAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      assertThat(failureOf(fresh.dependencies().call(id, dependency.request())))
          .isInstanceOf(DependencyIsolatedException.class);
      assertThat(dependency.calls()).isZero();
    } finally {
      fresh.stop().await(60, TimeUnit.SECONDS);
    }
  }
}
