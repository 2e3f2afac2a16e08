package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A channel runs out of its daily quota. Through the admin API the operator gives the kiosk channel
 * ({@code demo-kiosk}) a daily quota of what it has used today plus {@code HPF_QUOTA} (100) transactions; members at
 * kiosks then grant consents (a counted business transaction, weight 1) at {@code HPF_QUOTA_RATE}/s (40) until three
 * times the quota was asked for, then at 20/s for 20 s more against the exhausted quota, while members in the mobile
 * app grant consents and counter staff read accounts. Then the operator puts the kiosk back (its file's quota) and
 * one more kiosk grant goes through. SLOs: exactly {@code HPF_QUOTA} grants succeed (the client's count and the
 * channel's usage agree: no overshoot, no undershoot); every other kiosk grant is refused 429
 * CHANNEL_QUOTA_EXCEEDED with Retry-After, 99th percentile under 50 ms; the other channels have no failures.
 */
public class QuotaExhaustionSimulation extends Simulation {

  private static final String APP = ChannelApp.KIOSK.appId;
  private static final int QUOTA = Target.number("HPF_QUOTA", 100);
  private static final int RATE = Target.number("HPF_QUOTA_RATE", 40);
  private static final int DRIVE_SECONDS = Math.max(1, (3 * QUOTA + RATE - 1) / RATE);
  private static final int EXHAUSTED_SECONDS = 20;
  private static final int REFUSED_P99_MS = Target.number("HPF_QUOTA_REFUSED_P99_MS", 50);
  private static final String GRANT = "{\"purpose\":\"WITHDRAWAL_PURCHASE\",\"scopes\":[\"collab.marriage\"],"
      + "\"validUntil\":\"" + OffsetDateTime.now().plusMonths(1).toInstant() + "\"}";

  /** The runtime quota removed: the policy file's applies again (the quota in force before, on a new platform). */
  private static final String RESTORE =
      "{\"reason\":\"load test: quota exhaustion over, back to the policy file's quota\",\"dailyQuota\":null}";

  private final DemoSessions sessions = new DemoSessions();
  private final List<Map<String, Object>> kioskMembers = members(ChannelApp.KIOSK);
  private final List<Map<String, Object>> mobileMembers = members(ChannelApp.MOBILE);
  private final String staffToken = sessions.staff("counter.li");
  /** Grants the kiosk got (201) and refusals (429), as the members saw them. */
  private final AtomicInteger granted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  /** The quota the operator set: today's usage when the run started plus {@link #QUOTA}. */
  private final AtomicInteger limit = new AtomicInteger(-1);
  /** The daily quota in force before the run, put back afterwards. */
  private volatile long quotaBefore = -1;
  private volatile boolean restored;

  private List<Map<String, Object>> members(ChannelApp app) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (String[] member : DemoSessions.MEMBERS) {
      records.add(Map.of("app", app.appId, "token", sessions.member(app, member[1]), "personId", member[0]));
    }
    return records;
  }

  private static Iterator<Map<String, Object>> randomOf(List<Map<String, Object>> records) {
    return Stream.generate(() -> records.get(ThreadLocalRandom.current().nextInt(records.size()))).iterator();
  }

  private static HttpRequestActionBuilder grantConsent() {
    return grantConsent("grantConsent");
  }

  private static HttpRequestActionBuilder grantConsent(String name) {
    return http(name).post("/v1/members/#{personId}/consents")
        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
        .body(StringBody(GRANT)).asJson();
  }

  private final ScenarioBuilder operatorSetsQuota = scenario("operator sets the kiosk's quota").exec(group("operator").on(
      exec(Controls.adminGet("read kiosk usage", "/v1/traffic/channels/" + APP)
          .check(status().is(200), jsonPath("$.usage.day.used").ofInt().saveAs("used"),
              jsonPath("$.policy.dailyQuota").ofLong().saveAs("quotaBefore")))
      .exec(session -> session.set("limit", session.getInt("used") + QUOTA))
      .exec(Controls.adminWrite("set kiosk daily quota", "PUT", "/v1/traffic/channels/" + APP + "/limits",
              "{\"reason\":\"load test: quota exhaustion\",\"dailyQuota\":#{limit}}")
          .check(status().is(200), jsonPath("$.policy.dailyQuota").ofInt().isEL("#{limit}")))
      .exec(session -> {
        limit.set(session.getInt("limit"));
        quotaBefore = session.getLong("quotaBefore");
        return session;
      })));

  /** Past the quota: each answer is a grant or the quota's refusal; the count of grants is checked afterwards. */
  private final ScenarioBuilder drive = scenario("kiosk members past the quota").feed(randomOf(kioskMembers))
      .exec(group("kiosk up to the quota").on(exec(grantConsent().check(status().in(201, 429).saveAs("status"))
          .checkIf((response, session) -> response.status().code() == 429)
          .then(jsonPath("$.code").is("CHANNEL_QUOTA_EXCEEDED")))))
      .exec(session -> {
        (session.getInt("status") == 201 ? granted : refused).incrementAndGet();
        return session;
      });

  private final ScenarioBuilder exhausted = scenario("kiosk members, quota exhausted").feed(randomOf(kioskMembers))
      .exec(group("kiosk quota exhausted").on(exec(grantConsent().check(status().is(429),
          jsonPath("$.code").is("CHANNEL_QUOTA_EXCEEDED"), header("Retry-After").exists(),
          header("RateLimit-Remaining").is("0")))))
      .exec(session -> {
        refused.incrementAndGet();
        return session;
      });

  private final ChainBuilder mobileGrant = feed(randomOf(mobileMembers))
      .exec(group("other channels").on(exec(grantConsent().check(status().is(201)))));

  private final ChainBuilder counterRead = feed(Stream.generate(() -> Map.<String, Object>of(
          "app", ChannelApp.COUNTER.appId, "token", staffToken,
          "personId", String.format("P%08d", 10000001 + ThreadLocalRandom.current().nextInt(300)))).iterator())
      .exec(group("other channels").on(exec(http("getMemberAccount").get("/v1/members/#{personId}/account")
          .check(status().is(200)))));

  private final ScenarioBuilder mobile = scenario("mobile members").exec(mobileGrant);
  private final ScenarioBuilder counter = scenario("counter staff").exec(counterRead);

  /** The channel's own count agrees with what the members saw; then the operator puts the kiosk back. */
  private final ScenarioBuilder verifyAndRestore = scenario("verify and restore").exec(group("verification").on(
      exec(Controls.adminGet("kiosk usage: exactly the quota", "/v1/traffic/channels/" + APP)
          .check(status().is(200),
              jsonPath("$.usage.day.used").ofInt().is(session -> limit.get()),
              jsonPath("$.usage.day.remaining").ofInt().is(0),
              bodyString().transform(body -> granted.get()).is(QUOTA)))))
      .exec(session -> session.set("quotaBefore", quotaBefore))
      .exec(group("operator").on(exec(Controls.adminWrite("restore kiosk daily quota", "PUT",
              "/v1/traffic/channels/" + APP + "/limits", RESTORE)
          .check(status().is(200), jsonPath("$.policy.dailyQuota").ofLong().is(session -> quotaBefore)))))
      .exec(session -> {
        restored = true;
        return session;
      })
      .feed(randomOf(kioskMembers))
      .exec(group("verification").on(exec(grantConsent("kiosk served again")
          .check(status().is(201)))));

  @Override
  public void after() {
    System.out.printf("kiosk quota %d: %d granted, %d refused (429 CHANNEL_QUOTA_EXCEEDED)%n", QUOTA, granted.get(),
        refused.get());
    if (!restored && limit.get() >= 0) {
      // The run stopped before the operator's step: do not leave the kiosk throttled.
      Controls.admin("PUT", "/v1/traffic/channels/" + APP + "/limits", RESTORE.replace("#{quotaBefore}",
          String.valueOf(quotaBefore)));
    }
  }

  {
    int otherSeconds = DRIVE_SECONDS + EXHAUSTED_SECONDS;
    // A child population starts when its parent's users are all done; the other channels end with the kiosk's.
    setUp(operatorSetsQuota.injectOpen(atOnceUsers(1)).andThen(
            drive.injectOpen(constantUsersPerSec(RATE).during(DRIVE_SECONDS).randomized())
                .andThen(exhausted.injectOpen(constantUsersPerSec(20).during(EXHAUSTED_SECONDS).randomized())
                    .andThen(verifyAndRestore.injectOpen(atOnceUsers(1)))),
            mobile.injectOpen(constantUsersPerSec(5).during(otherSeconds).randomized()),
            counter.injectOpen(constantUsersPerSec(20).during(otherSeconds).randomized())))
        .protocols(Signing.publicProtocol())
        .assertions(
            details("operator").failedRequests().count().is(0L),
            details("kiosk up to the quota").failedRequests().count().is(0L),
            details("kiosk quota exhausted").failedRequests().count().is(0L),
            details("kiosk quota exhausted").responseTime().percentile(99.0).lt(REFUSED_P99_MS),
            details("other channels").failedRequests().count().is(0L),
            details("verification").failedRequests().count().is(0L));
  }
}
