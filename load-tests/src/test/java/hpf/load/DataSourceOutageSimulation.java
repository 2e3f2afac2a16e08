package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A government data source goes down under load. Counter staff read generated members' accounts (20 users, closed)
 * for 20 s while everything is healthy, then the sandbox makes the national platform's deposit overview
 * ({@code national.deposit_overview}) hang; eight members asking for their deposits elsewhere trip the guard
 * (each waits out the 3 s timeout); then for 30 s the same reads go on beside members whose deposit lookups must
 * fail fast. SLOs: an isolated lookup answers 503 DEPENDENCY_ISOLATED within 50 ms (99th percentile), and the reads
 * that need no data source keep their latency (99th percentile under {@code HPF_OUTAGE_READ_P99_MS}, default 500 ms;
 * compare the "healthy" and "outage" groups in the report).
 */
public class DataSourceOutageSimulation extends Simulation {

  private static final String SOURCE = "national.deposit_overview";
  private static final int READERS = Target.number("HPF_LOAD_USERS", 20);
  private static final int READ_P99_MS = Target.number("HPF_OUTAGE_READ_P99_MS", 500);
  private static final String MEMBER_ID = DemoSessions.MEMBERS[0][0];

  private final DemoSessions sessions = new DemoSessions();
  private final String staffToken = sessions.staff("counter.li");
  private final String memberToken = sessions.member(ChannelApp.MOBILE, DemoSessions.MEMBERS[0][1]);
  private final HttpClient http = HttpClient.newHttpClient();

  private ChainBuilder reads(String phase) {
    return feed(Stream.generate(() -> Map.<String, Object>of("app", ChannelApp.COUNTER.appId, "token", staffToken,
            "personId", String.format("P%08d", 10000001 + ThreadLocalRandom.current().nextInt(300)))).iterator())
        .exec(group(phase).on(exec(http("getMemberAccount").get("/v1/members/#{personId}/account").check(status().is(200)))));
  }

  private final ChainBuilder asMember = exec(session -> session.set("app", ChannelApp.MOBILE.appId).set("token", memberToken));

  private final ScenarioBuilder healthy = scenario("reads, healthy").exec(reads("healthy"));
  private final ScenarioBuilder outageReads = scenario("reads, source down").exec(reads("outage"));

  /** Each call waits out the guard's timeout and counts as a failure; five in a row isolate the source. */
  private final ScenarioBuilder trip = scenario("tripping the guard").exec(asMember)
      .exec(group("tripping").on(exec(http("getNationalDeposits").get("/v1/members/" + MEMBER_ID + "/national-deposits")
          .check(status().in(503, 504)))));

  private final ScenarioBuilder isolatedLookups = scenario("lookups, source isolated").exec(asMember)
      .exec(group("isolated").on(exec(http("getNationalDeposits")
          .get("/v1/members/" + MEMBER_ID + "/national-deposits")
          .check(status().is(503), jsonPath("$.code").is("DEPENDENCY_ISOLATED")))));

  @Override
  public void before() {
    // The member's consent to the source, as the deposit lookup requires; then the outage.
    String body = "{\"purpose\":\"DEPOSIT_INQUIRY\",\"scopes\":[\"" + SOURCE + "\"],\"validUntil\":\""
        + OffsetDateTime.now().plusMonths(1).toInstant() + "\"}";
    sessions.signedAs(ChannelApp.MOBILE, memberToken, "POST", "/v1/members/" + MEMBER_ID + "/consents", body, 201);
  }

  @Override
  public void after() {
    sandbox("DELETE", "/sandbox/faults/" + SOURCE, null);
  }

  private void sandbox(String method, String path, String body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Target.sandboxUrl() + path))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Injects the hang when the healthy phase ends (a one-user scenario, so it happens at that point in time). */
  private final ScenarioBuilder outageStarts = scenario("outage starts").exec(session -> {
    sandbox("PUT", "/sandbox/faults/" + SOURCE, "{\"hang\":true}");
    return session;
  });

  {
    setUp(healthy.injectClosed(constantConcurrentUsers(READERS).during(20))
            .andThen(outageStarts.injectOpen(atOnceUsers(1))
                .andThen(trip.injectOpen(atOnceUsers(8))
                    .andThen(
                        outageReads.injectClosed(constantConcurrentUsers(READERS).during(30)),
                        isolatedLookups.injectClosed(constantConcurrentUsers(4).during(30))))))
        .protocols(Signing.publicProtocol())
        .assertions(
            details("isolated").responseTime().percentile(99.0).lt(50),
            details("isolated").failedRequests().percent().lt(1.0),
            details("outage").responseTime().percentile(99.0).lt(READ_P99_MS),
            details("healthy").failedRequests().percent().lt(1.0),
            details("outage").failedRequests().percent().lt(1.0));
  }
}
