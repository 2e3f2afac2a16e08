package hpf.bench;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault isolation under load (figures in docs/performance.md), against the platform in this JVM with its embedded
 * PostgreSQL and sandbox: the latency of an operation that uses no data source (a staff read of a member account,
 * signed, over HTTP) while healthy, then while the loan-information source hangs and withdrawal applications that
 * need it keep coming; the time from the hang to isolation; and the latency of those applications once isolated.
 * Usage: bench/isolation.sh [requests] [concurrency]. Prints the figures; not a test.
 */
public final class IsolationBench {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  private static final String SOURCE = "national.loan_info";
  private static final String LOOKUP_SOURCE = "national.deposit_overview";
  private static final int APPLICATIONS_PER_SECOND = 10;
  /** Enough for both measured phases at that rate and 50 applications once isolated. */
  private static final int APPLICANTS = 260;

  private final Vertx vertx;
  private final WebClient client;
  private final SignedCalls calls;
  /** The applicants' own connections, as another channel's would be: a hanging application never queues a read. */
  private final SignedCalls applicantCalls;
  private final String staff;

  private IsolationBench() throws Exception {
    TestPlatform.app();
    vertx = TestPlatform.app().vertx();
    client = WebClient.create(vertx);
    // Enough connections for every read in flight; the pool is not what is measured.
    calls = new SignedCalls(WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64)),
        TestPlatform.port(Zone.PUBLIC));
    applicantCalls = new SignedCalls(WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(256)),
        TestPlatform.port(Zone.PUBLIC));
    staff = calls.staffToken("counter.li");
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    IsolationBench bench = new IsolationBench();
    try {
      bench.run(requests, concurrency);
    } finally {
      bench.sandbox(HttpMethod.DELETE, "/sandbox/faults", null);
      TestPlatform.app().stop().await(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private void run(int requests, int concurrency) throws Exception {
    // Each application needs a member of its own: a second one of the same member would be refused at once by the
    // in-flight rule, before any source is asked.
    Deque<String> applicants = new ConcurrentLinkedDeque<>(members(APPLICANTS));
    String personId = applicants.pop();
    String read = "/v1/members/" + personId + "/account";
    measure(read, 200, concurrency); // warm-up
    print("quiet: staff reads a member account, nothing else", measure(read, requests, concurrency));
    // The same application traffic in both phases (an open model, APPLICATIONS_PER_SECOND on fresh members), so the
    // only difference the reads see is the hanging source.
    AtomicBoolean loading = new AtomicBoolean(true);
    List<Future<?>> applications = applyAtRate(applicants, loading);
    List<Long> healthy = measure(read, requests, concurrency);
    loading.set(false);
    Future.join(new ArrayList<>(applications)).await(60, TimeUnit.SECONDS);
    print("healthy: staff reads a member account, applications arriving", healthy);

    // The loan-information source hangs; the applications (which need it) keep arriving until it is isolated.
    sandbox(HttpMethod.PUT, "/sandbox/faults/" + SOURCE, new JsonObject().put("hang", true));
    long hungAt = System.nanoTime();
    loading.set(true);
    applications = applyAtRate(applicants, loading);
    List<Long> duringHang = measure(read, requests, concurrency);
    while (!"ISOLATED".equals(TestPlatform.app().dependencies().status(SOURCE).state().name())) {
      Thread.sleep(20);
      if (System.nanoTime() - hungAt > TimeUnit.MINUTES.toNanos(2)) {
        throw new IllegalStateException("not isolated within 2 minutes");
      }
    }
    double toIsolation = (System.nanoTime() - hungAt) / 1e9;
    loading.set(false);
    Future.join(new ArrayList<>(applications)).await(60, TimeUnit.SECONDS);
    print("source hanging, applications needing it arriving: staff reads a member account", duringHang);
    System.out.printf("time from the hang to isolation: %.2f s%n", toIsolation);

    List<Long> isolatedApplications = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      apply(applicants.pop()).await(30, TimeUnit.SECONDS);
      isolatedApplications.add(System.nanoTime() - start);
    }
    print("isolated: a withdrawal application that needs the source (answered, goes to review)", isolatedApplications);
    // A synchronous lookup (the member's deposits at every center) while its source is isolated: answered at once.
    post("/v1/members/" + personId + "/consents", new JsonObject().put("purpose", "DEPOSIT_INQUIRY")
        .put("scopes", new JsonArray().add(LOOKUP_SOURCE))
        .put("validUntil", OffsetDateTime.now(CENTER).plusMonths(1).toInstant().toString()));
    String isolation = "/v1/dependencies/" + LOOKUP_SOURCE + "/isolation";
    admin(HttpMethod.POST, isolation, new JsonObject().put("reason", "压测：同步查询快速失败"));
    try {
      String lookup = "/v1/members/" + personId + "/national-deposits";
      measure(lookup, 200, concurrency, 503); // warm-up
      print("isolated: a synchronous lookup of the source (503 DEPENDENCY_ISOLATED)",
          measure(lookup, requests, concurrency, 503));
      print("isolated: the same lookup, one at a time", measure(lookup, 500, 1, 503));
    } finally {
      admin(HttpMethod.DELETE, isolation, new JsonObject().put("reason", "压测结束"));
    }
    System.out.printf("p50 change of the unaffected read under the hang: %+.1f %%%n",
        100.0 * (percentile(duringHang, 50) - percentile(healthy, 50)) / percentile(healthy, 50));
  }

  /** Requests of one operation with a fixed number in flight; answers each latency in nanoseconds. */
  private List<Long> measure(String uri, int requests, int concurrency) throws Exception {
    return measure(uri, requests, concurrency, 200);
  }

  private List<Long> measure(String uri, int requests, int concurrency, int expectedStatus) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> lanes = new ArrayList<>();
    int each = requests / concurrency;
    for (int lane = 0; lane < concurrency; lane++) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < each; i++) {
        chain = chain.compose(v -> {
          long start = System.nanoTime();
          return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
              .bearerTokenAuthentication(staff).send()
              .map(response -> {
                if (response.statusCode() != expectedStatus) {
                  throw new IllegalStateException(response.bodyAsString());
                }
                latencies.add(System.nanoTime() - start);
                return null;
              });
        });
      }
      lanes.add(chain);
    }
    Future.all(lanes).await(10, TimeUnit.MINUTES);
    return new ArrayList<>(latencies);
  }

  /** Starts APPLICATIONS_PER_SECOND applications, each by a member not used before, until {@code loading} is off. */
  private List<Future<?>> applyAtRate(Deque<String> applicants, AtomicBoolean loading) {
    List<Future<?>> started = Collections.synchronizedList(new ArrayList<>());
    vertx.setPeriodic(1000 / APPLICATIONS_PER_SECOND, timer -> {
      String personId = applicants.poll();
      if (!loading.get() || personId == null) {
        vertx.cancelTimer(timer);
        return;
      }
      started.add(apply(personId));
    });
    return started;
  }

  private Future<HttpResponse<Buffer>> apply(String personId) {
    JsonObject body = new JsonObject().put("reason", "06").put("amount", "100.00").put("loanContractNo", "JK-BENCH-01");
    return applicantCalls.request("demo-counter", HttpMethod.POST, "/v1/members/" + personId + "/withdrawals",
            body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(staff)
        .putHeader("Idempotency-Key", "b-" + UUID.randomUUID()).sendBuffer(body.toBuffer());
  }

  /** Funded members of one employer, each with a card and the consent the loan-repayment reason needs. */
  private List<String> members(int count) throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    String employerId = post("/v1/employers", new JsonObject().put("creditCode", first17
            + Identifiers.creditCheckCharacter(first17)).put("name", "隔离压测有限公司").put("employerRatio", "0.12")
        .put("memberRatio", "0.12")).getString("employerId");
    List<String> people = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      people.add(post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", "压测职工")
          .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13900000001").put("monthlyWage", "5000.00"))
          .getString("personId"));
    }
    YearMonth month = YearMonth.from(LocalDate.now(CENTER));
    post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()));
    post("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", count * 1200 + ".00"));
    for (String personId : people) {
      post("/v1/members/" + personId + "/consents", new JsonObject().put("purpose", "WITHDRAWAL_LOAN_REPAYMENT")
          .put("scopes", new JsonArray().add("national.contract_filing").add(SOURCE).add("national.loan_repayments")
              .add("collab.marriage"))
          .put("validUntil", OffsetDateTime.now(CENTER).plusMonths(1).toInstant().toString()));
      JsonObject card = new JsonObject().put("cardNumber", "6222021234567890128").put("bankCode", "102");
      calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card", card.toBuffer(),
              System.currentTimeMillis()).bearerTokenAuthentication(staff)
          .putHeader("Idempotency-Key", "c-" + UUID.randomUUID())
          .sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS);
    }
    return people;
  }

  private JsonObject post(String uri, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(staff)
        .putHeader("Idempotency-Key", "s-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(uri + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  private void admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    HttpResponse<Buffer> done = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", "o-" + UUID.randomUUID())
        .sendJsonObject(body).await(10, TimeUnit.SECONDS);
    if (done.statusCode() >= 300) {
      throw new IllegalStateException(uri + ": " + done.bodyAsString());
    }
  }

  private void sandbox(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1", uri);
    (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  private static void print(String what, List<Long> latencies) {
    System.out.printf("%s: n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms%n", what, latencies.size(),
        percentile(latencies, 50) / 1e6, percentile(latencies, 95) / 1e6, percentile(latencies, 99) / 1e6);
  }

  private static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
