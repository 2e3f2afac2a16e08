package hpf.traffic;

import hpf.boot.HpfApplication;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.sandbox.DemoApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-operation rates and per-member limits changed at runtime over the admin API, seen on the public listener: a
 * lowered operation rate refuses with RATE_LIMITED, a lowered member limit refuses the member's next login, removing
 * the change brings the file's value back; a bad value is refused naming the key and changes nothing; each change is
 * audited with the values before and after.
 */
@ExtendWith(VertxExtension.class)
class RuntimeLimitsTest {

  private HpfApplication app;
  private TrafficFixture f;
  private ContractCheck publicContract;
  private ContractCheck adminContract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    app = TestPlatform.app();
    f = new TrafficFixture(WebClient.create(vertx));
    publicContract = new ContractCheck(vertx, Zone.PUBLIC);
    adminContract = new ContractCheck(vertx, Zone.ADMIN);
  }

  @Test
  void anOperationRateLoweredAtRuntimeRefusesAndRemovingItBringsTheFileValueBack() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("oprate", "KIOSK", app);
    HttpResponse<Buffer> lowered = limits(demo, new JsonObject().put("operationRates", new JsonObject()
        .put("listServiceItems", rate(0.01, 2)).put("createSession", rate(1, 1))));
    adminContract.conforms("setTrafficLimits", lowered);
    JsonObject policy = lowered.bodyAsJsonObject().getJsonObject("policy");
    assertThat(policy.getJsonObject("operationRates").getJsonObject("listServiceItems")).isEqualTo(rate(0.01, 2));
    assertThat(lowered.bodyAsJsonObject().getJsonObject("runtime").getJsonObject("operationRates").fieldNames())
        .containsExactlyInAnyOrder("listServiceItems", "createSession");

    assertThat(items(demo).statusCode()).isEqualTo(200);
    assertThat(items(demo).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = items(demo);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("该项业务");
    assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("2");

    HttpResponse<Buffer> removed = limits(demo, new JsonObject().put("operationRates", new JsonObject()
        .putNull("listServiceItems").putNull("createSession")));
    adminContract.conforms("setTrafficLimits", removed);
    JsonObject back = f.channel(app, demo.appId());
    assertThat(back.getJsonObject("policy").getJsonObject("operationRates").fieldNames()).doesNotContain("listServiceItems");
    // The file's value again (defaults.yaml: createSession 100/s, burst 200).
    assertThat(back.getJsonObject("policy").getJsonObject("operationRates").getJsonObject("createSession"))
        .isEqualTo(rate(100, 200));
    assertThat(back.getJsonObject("runtime").getJsonObject("operationRates")).isEmpty();
    assertThat(items(demo).statusCode()).isEqualTo(200);

    JsonObject changes = lastChanges(demo);
    assertThat(changes.getJsonObject("operationRates.listServiceItems").getValue("from")).isEqualTo(rate(0.01, 2));
    assertThat(changes.getJsonObject("operationRates.listServiceItems").getValue("to")).isNull();
    assertThat(changes.getJsonObject("operationRates.createSession").getValue("from")).isEqualTo(rate(1, 1));
    assertThat(changes.getJsonObject("operationRates.createSession").getValue("to")).isEqualTo(rate(100, 200));
  }

  @Test
  void aQuotaSetAtRuntimeIsRemovedWithNullAndTheFileValueAppliesAgain() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("quotanull", "KIOSK", app);
    HttpResponse<Buffer> set = limits(demo, new JsonObject().put("dailyQuota", 7).put("ratePerSecond", 3.5));
    adminContract.conforms("setTrafficLimits", set);
    assertThat(set.bodyAsJsonObject().getJsonObject("policy").getLong("dailyQuota")).isEqualTo(7L);
    assertThat(set.bodyAsJsonObject().getJsonObject("runtime").getLong("dailyQuota")).isEqualTo(7L);

    HttpResponse<Buffer> removed = limits(demo, new JsonObject().putNull("dailyQuota").putNull("ratePerSecond"));
    adminContract.conforms("setTrafficLimits", removed);
    assertThat(removed.statusCode()).isEqualTo(200);
    JsonObject back = f.channel(app, demo.appId());
    // defaults.yaml: daily 200000, 500 requests/s.
    assertThat(back.getJsonObject("policy").getLong("dailyQuota")).isEqualTo(200_000L);
    assertThat(back.getJsonObject("policy").getDouble("ratePerSecond")).isEqualTo(500.0);
    assertThat(back.getJsonObject("runtime").getValue("dailyQuota")).isNull();
    JsonObject changes = lastChanges(demo);
    assertThat(changes.getJsonObject("dailyQuota").getValue("from")).isEqualTo(7);
  }

  @Test
  void aMemberLimitLoweredAtRuntimeRefusesThatMembersNextLoginOnly() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("member", "MOBILE_APP", app);
    String member = TestIdentities.newIdNumber();
    limits(demo, new JsonObject().put("perMember", new JsonObject().put("createSession", limit(2, "hour"))));
    assertThat(f.channel(app, demo.appId()).getJsonObject("policy").getJsonObject("perMember")
        .getJsonObject("createSession")).isEqualTo(limit(2, "hour"));
    JsonObject changes = lastChanges(demo);
    assertThat(changes.getJsonObject("perMember.createSession").getValue("from")).isEqualTo(limit(60, "minute"));
    assertThat(changes.getJsonObject("perMember.createSession").getValue("to")).isEqualTo(limit(2, "hour"));

    // Wrong credentials reach the login (not refused by traffic control) and count toward the member's window.
    assertThat(login(demo, member).statusCode()).isNotEqualTo(429);
    assertThat(login(demo, member).statusCode()).isNotEqualTo(429);
    HttpResponse<Buffer> refused = login(demo, member);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("该账户");
    assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("2");
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 3600L);
    assertThat(login(demo, TestIdentities.newIdNumber()).statusCode()).as("another member").isNotEqualTo(429);

    limits(demo, new JsonObject().put("perMember", new JsonObject().putNull("createSession")));
    assertThat(f.channel(app, demo.appId()).getJsonObject("policy").getJsonObject("perMember")
        .getJsonObject("createSession")).isEqualTo(limit(60, "minute"));
    assertThat(login(demo, member).statusCode()).as("back to the file's 60 a minute").isNotEqualTo(429);
    assertThat(app.metrics().scrape())
        .contains("hpf_traffic_rejected_total{channel=\"" + demo.appId() + "\",limit=\"member\"} 1.0");
  }

  @Test
  void aBadValueIsRefusedNamingTheKeyAndChangesNothing() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("badvalue", "MINI_PROGRAM", app);
    limits(demo, new JsonObject().put("perMember", new JsonObject().put("applyWithdrawal", limit(5, "day"))));
    JsonObject before = f.channel(app, demo.appId());
    long audited = audited(demo);

    refused(demo, new JsonObject().put("perMember", new JsonObject().put("createSession", limit(0, "minute"))),
        "perMember.createSession.limit");
    refused(demo, new JsonObject().put("perMember", new JsonObject().put("createSession", limit(3, "week"))),
        "perMember.createSession.per");
    refused(demo, new JsonObject().put("operationRates", new JsonObject().put("listServiceItems", rate(0, 5))),
        "operationRates.listServiceItems.perSecond");
    refused(demo, new JsonObject().put("operationRates", new JsonObject()
        .put("listServiceItems", new JsonObject().put("perSecond", 5))), "operationRates.listServiceItems");
    // Well-formed but no operation of the public contract: the same rule as the files, checked for real here.
    refused(demo, new JsonObject().put("operationRates", new JsonObject().put("listServiceItem", rate(5, 5))),
        "operationRates.listServiceItem");
    refused(demo, new JsonObject().put("perMember", new JsonObject().put("createSession", limit(3, "minute"))
        .put("applyWithdrawl", limit(1, "day"))), "perMember.applyWithdrawl");

    JsonObject after = f.channel(app, demo.appId());
    assertThat(after.getLong("version")).isEqualTo(before.getLong("version"));
    assertThat(after.getJsonObject("policy")).isEqualTo(before.getJsonObject("policy"));
    assertThat(after.getJsonObject("runtime")).isEqualTo(before.getJsonObject("runtime"));
    assertThat(audited(demo)).isEqualTo(audited);
  }

  private void refused(DemoApps.Demo demo, JsonObject change, String key) throws Exception {
    HttpResponse<Buffer> r = f.admin(app, HttpMethod.PUT, "/v1/traffic/channels/" + demo.appId() + "/limits",
        change.copy().put("reason", "测试调整"));
    adminContract.conforms("setTrafficLimits", r);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo(key);
    assertThat(problem.getString("detail")).startsWith(key + "：");
  }

  private HttpResponse<Buffer> limits(DemoApps.Demo demo, JsonObject change) throws Exception {
    HttpResponse<Buffer> r = f.admin(app, HttpMethod.PUT, "/v1/traffic/channels/" + demo.appId() + "/limits",
        change.copy().put("reason", "测试调整"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r;
  }

  private HttpResponse<Buffer> items(DemoApps.Demo demo) throws Exception {
    HttpResponse<Buffer> r = f.items(app, demo).await(10, TimeUnit.SECONDS);
    publicContract.conforms("listServiceItems", r);
    return r;
  }

  private HttpResponse<Buffer> login(DemoApps.Demo demo, String idNumber) throws Exception {
    HttpResponse<Buffer> r = f.wrongLogin(app, demo, idNumber);
    publicContract.conforms("createSession", r);
    return r;
  }

  /** The old → new values the latest audit record of the channel names. */
  private JsonObject lastChanges(DemoApps.Demo demo) throws Exception {
    var rows = app.pool().preparedQuery("SELECT details->>'changes' FROM audit_log WHERE target = $1 ORDER BY seq DESC LIMIT 1")
        .execute(Tuple.of("channel_app:" + demo.appId())).await(10, TimeUnit.SECONDS);
    return new JsonObject(rows.iterator().next().getString(0));
  }

  private long audited(DemoApps.Demo demo) throws Exception {
    return app.pool().preparedQuery("SELECT count(*) FROM audit_log WHERE target = $1")
        .execute(Tuple.of("channel_app:" + demo.appId())).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  static JsonObject rate(double perSecond, int burst) {
    return new JsonObject().put("perSecond", perSecond).put("burst", burst);
  }

  static JsonObject limit(int limit, String per) {
    return new JsonObject().put("limit", limit).put("per", per);
  }
}
