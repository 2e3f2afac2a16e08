package hpf.traffic;

import hpf.boot.HpfApplication;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.BusinessTime;
import hpf.sandbox.DemoApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One member over HTTP: the quota refuses with the Xiamen message and the limit headers, operators release control,
 * restore it and raise the quota (audited); shadow mode lets through and reports; the rate check refuses before the
 * signature is even looked at; a suspended channel is refused; an idempotent replay and a failed write spend nothing.
 */
@ExtendWith(VertxExtension.class)
class TrafficTest {

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

  private HttpResponse<Buffer> items(DemoApps.Demo demo) throws Exception {
    HttpResponse<Buffer> r = f.items(app, demo).await(10, TimeUnit.SECONDS);
    publicContract.conforms("listServiceItems", r);
    return r;
  }

  @Test
  void theDailyQuotaRefusesWithTheChannelMessageUntilOperatorsReleaseOrRaiseIt() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("quota", "MOBILE_APP", app);
    f.limits(app, demo.appId(), new JsonObject().put("dailyQuota", 3).put("counted", new JsonObject().put("listServiceItems", 1)));
    for (int i = 0; i < 3; i++) {
      assertThat(items(demo).statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> refused = items(demo);
    assertThat(refused.statusCode()).isEqualTo(429);
    JsonObject problem = refused.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo("CHANNEL_QUOTA_EXCEEDED");
    assertThat(problem.getString("title")).isEqualTo("渠道流量超限，请联系具体的管理人员");
    assertThat(problem.getString("detail")).contains("今日", "3", "00:00");
    long toMidnight = Duration.between(Instant.now(), LocalDate.now(BusinessTime.ZONE).plusDays(1)
        .atStartOfDay(BusinessTime.ZONE).toInstant()).toSeconds();
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(toMidnight - 5, toMidnight + 5);
    assertThat(refused.getHeader("RateLimit-Reset")).isEqualTo(refused.getHeader("Retry-After"));
    assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("3");
    assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");

    HttpResponse<Buffer> seen = f.admin(app, HttpMethod.GET, "/v1/traffic/channels/" + demo.appId(), null);
    adminContract.conforms("getTrafficChannel", seen);
    JsonObject day = seen.bodyAsJsonObject().getJsonObject("usage").getJsonObject("day");
    assertThat(day.getLong("used")).isEqualTo(3);
    assertThat(day.getLong("remaining")).isZero();
    assertThat(day.getString("period")).isEqualTo(LocalDate.now(BusinessTime.ZONE).toString());

    HttpResponse<Buffer> released = f.admin(app, HttpMethod.POST, "/v1/traffic/channels/" + demo.appId()
        + "/control-release", new JsonObject().put("period", "DAY").put("reason", "节假日业务高峰，临时解除"));
    adminContract.conforms("releaseTrafficControl", released);
    assertThat(released.bodyAsJsonObject().getString("controlReleasedUntil")).isNotNull();
    assertThat(items(demo).statusCode()).isEqualTo(200);
    assertThat(f.channel(app, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used")).isEqualTo(4);

    HttpResponse<Buffer> restored = f.admin(app, HttpMethod.DELETE, "/v1/traffic/channels/" + demo.appId()
        + "/control-release", new JsonObject().put("reason", "高峰结束"));
    adminContract.conforms("restoreTrafficControl", restored);
    assertThat(items(demo).statusCode()).isEqualTo(429);

    JsonObject raised = f.limits(app, demo.appId(), new JsonObject().put("dailyQuota", 5));
    assertThat(raised.getJsonObject("policy").getLong("dailyQuota")).isEqualTo(5);
    assertThat(raised.getLong("version")).isEqualTo(4);
    assertThat(items(demo).statusCode()).isEqualTo(200);

    String metrics = app.metrics().scrape();
    assertThat(metrics).contains("hpf_traffic_rejected_total{channel=\"" + demo.appId() + "\",limit=\"daily\"} 2.0");
    assertThat(metrics).contains("hpf_traffic_quota_limit{channel=\"" + demo.appId() + "\",period=\"day\"} 5.0");
    assertThat(metrics).contains("hpf_traffic_requests_total{channel=\"" + demo.appId() + "\",decision=\"rejected\"} 2.0");
    List<String> audited = new ArrayList<>();
    app.pool().preparedQuery("SELECT operation FROM audit_log WHERE target = $1 ORDER BY seq")
        .execute(Tuple.of("channel_app:" + demo.appId())).await(10, TimeUnit.SECONDS)
        .forEach(row -> audited.add(row.getString("operation")));
    assertThat(audited).containsExactly("setTrafficLimits", "releaseTrafficControl", "restoreTrafficControl",
        "setTrafficLimits");

    HttpResponse<Buffer> list = f.admin(app, HttpMethod.GET, "/v1/traffic/channels", null);
    adminContract.conforms("listTrafficChannels", list);
    assertThat(list.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(c -> c.getString("appId")).toList()).contains(demo.appId(), "demo-mobile");
  }

  @Test
  void shadowModeLetsEverythingThroughAndReportsWhatItWouldHaveRefused() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("shadow", "MINI_PROGRAM", app);
    f.limits(app, demo.appId(), new JsonObject().put("dailyQuota", 1).put("counted", new JsonObject().put("listServiceItems", 1))
        .put("modes", new JsonObject().put("dailyQuota", "shadow")));
    for (int i = 0; i < 3; i++) {
      assertThat(items(demo).statusCode()).isEqualTo(200);
    }
    assertThat(f.channel(app, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used")).isEqualTo(3);
    String metrics = app.metrics().scrape();
    assertThat(metrics).contains("hpf_traffic_requests_total{channel=\"" + demo.appId() + "\",decision=\"shadow\"} 2.0");
    assertThat(metrics).doesNotContain("hpf_traffic_rejected_total{channel=\"" + demo.appId());
  }

  @Test
  void theRateIsCheckedBeforeTheBodyAndTheSignatureAndASuspendedChannelIsRefused() throws Exception {
    DemoApps.Demo demo = TrafficFixture.register("rate", "KIOSK", app);
    f.limits(app, demo.appId(), new JsonObject().put("ratePerSecond", 0.01).put("burst", 2));
    assertThat(items(demo).statusCode()).isEqualTo(200);
    assertThat(items(demo).statusCode()).isEqualTo(200);
    // Unsigned and with a body the listener never reads: refused on the app id header alone.
    HttpResponse<Buffer> refused = f.client.request(HttpMethod.POST, app.ports().get(Zone.PUBLIC), "127.0.0.1", "/v1/sessions")
        .putHeader("X-HPF-App-Id", demo.appId()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"method\":\"PASSWORD_SMS\"}")).await(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 100L);
    assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("2");
    // Another registered app's bucket is its own.
    assertThat(f.items(app, DemoApps.byId("demo-kiosk")).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    f.limits(app, demo.appId(), new JsonObject().put("ratePerSecond", 1000).put("burst", 1000));
    assertThat(f.admin(app, HttpMethod.POST, "/v1/traffic/channels/" + demo.appId() + "/suspension",
        new JsonObject().put("reason", "渠道异常流量")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> suspended = items(demo);
    assertThat(suspended.statusCode()).isEqualTo(429);
    assertThat(suspended.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_SUSPENDED");
    HttpResponse<Buffer> resumed = f.admin(app, HttpMethod.DELETE, "/v1/traffic/channels/" + demo.appId() + "/suspension",
        new JsonObject().put("reason", "已处置"));
    adminContract.conforms("resumeTrafficChannel", resumed);
    assertThat(items(demo).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> unknown = f.admin(app, HttpMethod.GET, "/v1/traffic/channels/no-such-app", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_APP_NOT_FOUND");
    adminContract.conforms("getTrafficChannel", unknown);
  }

  @Test
  void anIdempotentReplayAndAFailedWriteSpendNothingOfTheQuota() throws Exception {
    DemoApps.Demo counter = TrafficFixture.register("counter", "COUNTER", app);
    f.limits(app, counter.appId(), new JsonObject().put("dailyQuota", 2).put("counted", new JsonObject().put("bindBankCard", 1)));
    String token = f.signed(app, counter, HttpMethod.POST, "/v1/sessions", new JsonObject().put("method", "STAFF_PASSWORD")
            .put("staffId", "counter.li").put("password", hpf.sandbox.DemoPeople.STAFF_PASSWORD))
        .sendBuffer(new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", "counter.li")
            .put("password", hpf.sandbox.DemoPeople.STAFF_PASSWORD).toBuffer())
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("accessToken");
    assertThat(token).isNotNull();
    JsonObject card = new JsonObject().put("cardNumber", luhn("621700000000123456")).put("bankCode", "105");

    assertThat(bind(counter, token, card, "traffic-bind-1").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> replay = bind(counter, token, card, "traffic-bind-1");
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(used(counter)).isEqualTo(1);
    HttpResponse<Buffer> invalid = bind(counter, token, card.copy().put("cardNumber", "6222021234567890123"), "traffic-bind-2");
    assertThat(invalid.bodyAsJsonObject().getString("code")).isEqualTo("BANK_CARD_INVALID");
    assertThat(used(counter)).isEqualTo(1);
    assertThat(bind(counter, token, card, "traffic-bind-3").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> over = bind(counter, token, card, "traffic-bind-4");
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_QUOTA_EXCEEDED");
    assertThat(used(counter)).isEqualTo(2);
    // The refused write changed nothing: the same key later, with quota again, runs once.
    f.limits(app, counter.appId(), new JsonObject().put("dailyQuota", 3));
    assertThat(bind(counter, token, card, "traffic-bind-4").getHeader("Idempotent-Replayed")).isNull();
    assertThat(used(counter)).isEqualTo(3);
  }

  private long used(DemoApps.Demo demo) throws Exception {
    return f.channel(app, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used");
  }

  private HttpResponse<Buffer> bind(DemoApps.Demo counter, String token, JsonObject card, String key) throws Exception {
    return f.signed(app, counter, HttpMethod.PUT, "/v1/members/P00000003/bank-card", card)
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", key)
        .sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  /** The number with its Luhn check digit appended. */
  static String luhn(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int d = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return body + (10 - sum % 10) % 10;
  }
}
