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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A government data source goes down under steady traffic (open model: arrivals at fixed rates, whatever the
 * answers, so an instant refusal does not make anyone ask again sooner). Counter staff read generated members'
 * accounts ({@code HPF_OUTAGE_READ_RATE}/s, no data source) and the sandbox members ask the national platform for
 * their deposits elsewhere ({@code HPF_OUTAGE_LOOKUP_RATE}/s, {@code national.deposit_overview}) for
 * {@code HPF_OUTAGE_HEALTHY_SECONDS}; then the sandbox makes that source hang, eight lookups trip the guard (each
 * waits out its 3 s timeout), and for {@code HPF_OUTAGE_SECONDS} from the hang the reads go on while the lookups
 * must fail fast. SLOs: isolated lookups answer 503 DEPENDENCY_ISOLATED with Retry-After, 99th percentile under
 * {@code HPF_OUTAGE_ISOLATED_P99_MS} (50); the reads keep their latency: 99th percentile during the outage under
 * {@code HPF_OUTAGE_READ_P99_MS} (100; bench/load.sh also compares it with the healthy phase's); no failures
 * beyond 1 %. Afterwards the fault is cleared and the isolation lifted by the operator (audited).
 */
public class DataSourceOutageSimulation extends Simulation {

  private static final String SOURCE = "national.deposit_overview";
  private static final int READ_RATE = Target.number("HPF_OUTAGE_READ_RATE", 30);
  private static final int LOOKUP_RATE = Target.number("HPF_OUTAGE_LOOKUP_RATE", 10);
  private static final int HEALTHY_SECONDS = Target.number("HPF_OUTAGE_HEALTHY_SECONDS", 30);
  private static final int OUTAGE_SECONDS = Target.number("HPF_OUTAGE_SECONDS", 40);
  private static final int ISOLATED_P99_MS = Target.number("HPF_OUTAGE_ISOLATED_P99_MS", 50);
  private static final int READ_P99_MS = Target.number("HPF_OUTAGE_READ_P99_MS", 100);
  /** More than the guard's five consecutive failures, all in flight together. */
  private static final int TRIPPING_CALLS = 8;

  private final DemoSessions sessions = new DemoSessions();
  private final String staffToken = sessions.staff("counter.li");
  private final List<Map<String, Object>> members = new ArrayList<>();

  {
    for (String[] member : DemoSessions.MEMBERS) {
      members.add(Map.of("app", ChannelApp.MOBILE.appId, "personId", member[0],
          "token", sessions.member(ChannelApp.MOBILE, member[1])));
    }
  }

  private Iterator<Map<String, Object>> staffReads() {
    return Stream.generate(() -> Map.<String, Object>of("app", ChannelApp.COUNTER.appId, "token", staffToken,
        "personId", String.format("P%08d", 10000001 + ThreadLocalRandom.current().nextInt(300)))).iterator();
  }

  private Iterator<Map<String, Object>> anyMember() {
    return Stream.generate(() -> members.get(ThreadLocalRandom.current().nextInt(members.size()))).iterator();
  }

  private ChainBuilder read(String group) {
    return feed(staffReads()).exec(group(group).on(
        exec(http("getMemberAccount").get("/v1/members/#{personId}/account").check(status().is(200)))));
  }

  private ChainBuilder lookup(String group, HttpRequestActionBuilder request) {
    return feed(anyMember()).exec(group(group).on(exec(request)));
  }

  private static HttpRequestActionBuilder getNationalDeposits() {
    return http("getNationalDeposits").get("/v1/members/#{personId}/national-deposits");
  }

  private final ScenarioBuilder healthyReads = scenario("reads, healthy").exec(read("reads healthy"));
  private final ScenarioBuilder healthyLookups = scenario("lookups, healthy")
      .exec(lookup("lookups healthy", getNationalDeposits().check(status().is(200))));

  /** The tester takes the source down when the healthy phase ends. */
  private final ScenarioBuilder outageStarts = scenario("outage starts")
      .exec(group("control").on(exec(Controls.sandboxPut("source hangs", "/sandbox/faults/" + SOURCE, "{\"hang\":true}")
          .check(status().is(200)))));

  /** Each call waits out the guard's timeout (504); once five failed in a row the rest may already be refused. */
  private final ScenarioBuilder trip = scenario("tripping the guard")
      .exec(lookup("tripping", getNationalDeposits().check(status().in(503, 504))));

  /** The operator's view: the guard has isolated the source (cluster-wide state, admin API). */
  private final ScenarioBuilder isolationSeen = scenario("isolation seen")
      .exec(group("control").on(exec(Controls.adminGet("source isolated", "/v1/dependencies")
          .check(status().is(200), jsonPath("$.items[?(@.id == '" + SOURCE + "')].state").is("ISOLATED")))));

  private final ScenarioBuilder outageReads = scenario("reads, source down").exec(read("reads outage"));
  private final ScenarioBuilder isolatedLookups = scenario("lookups, source isolated")
      .exec(lookup("lookups isolated", getNationalDeposits().check(status().is(503),
          jsonPath("$.code").is("DEPENDENCY_ISOLATED"), header("Retry-After").exists())));

  @Override
  public void before() {
    // Each member's consent to the source, as the deposit lookup requires; no fault left from an earlier run.
    String body = "{\"purpose\":\"DEPOSIT_INQUIRY\",\"scopes\":[\"" + SOURCE + "\"],\"validUntil\":\""
        + OffsetDateTime.now().plusMonths(1).toInstant() + "\"}";
    for (Map<String, Object> member : members) {
      sessions.signedAs(ChannelApp.MOBILE, (String) member.get("token"), "POST",
          "/v1/members/" + member.get("personId") + "/consents", body, 201);
    }
    Controls.sandbox("DELETE", "/sandbox/faults", null);
  }

  @Override
  public void after() {
    // Leave the target as found: the source healthy and in service at once, not after the guard's suspension.
    Controls.sandbox("DELETE", "/sandbox/faults/" + SOURCE, null);
    Controls.admin("DELETE", "/v1/dependencies/" + SOURCE + "/isolation",
        "{\"reason\":\"load test DataSourceOutageSimulation finished; the sandbox source is healthy again\"}");
  }

  {
    int isolatedSeconds = Math.max(5, OUTAGE_SECONDS - 4);
    setUp(
        healthyReads.injectOpen(constantUsersPerSec(READ_RATE).during(HEALTHY_SECONDS).randomized()),
        healthyLookups.injectOpen(constantUsersPerSec(LOOKUP_RATE).during(HEALTHY_SECONDS).randomized())
            .andThen(outageStarts.injectOpen(atOnceUsers(1))
                .andThen(
                    outageReads.injectOpen(constantUsersPerSec(READ_RATE).during(OUTAGE_SECONDS).randomized()),
                    trip.injectOpen(atOnceUsers(TRIPPING_CALLS))
                        .andThen(isolationSeen.injectOpen(atOnceUsers(1))
                            .andThen(isolatedLookups.injectOpen(
                                constantUsersPerSec(LOOKUP_RATE).during(isolatedSeconds).randomized()))))))
        .protocols(Signing.publicProtocol())
        .assertions(
            details("lookups isolated").responseTime().percentile(99.0).lt(ISOLATED_P99_MS),
            details("lookups isolated").failedRequests().percent().lt(1.0),
            details("reads outage").responseTime().percentile(99.0).lt(READ_P99_MS),
            details("reads healthy").failedRequests().percent().lt(1.0),
            details("reads outage").failedRequests().percent().lt(1.0),
            details("lookups healthy").failedRequests().percent().lt(1.0),
            details("tripping").failedRequests().count().is(0L),
            details("control").failedRequests().count().is(0L));
  }
}
