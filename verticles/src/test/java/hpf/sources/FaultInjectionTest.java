package hpf.sources;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static hpf.sources.SandboxSources.await;
import static hpf.sources.SandboxSources.failure;
import static hpf.sources.SandboxSources.person;
import static org.assertj.core.api.Assertions.assertThat;

/** Each injected fault, seen through the clients: latency, HTTP errors by ratio, hang, refused, malformed. */
class FaultInjectionTest {

  private static final String LEASE = NationalHousingClient.LEASE_FILING.dependency();
  private static SandboxSources sandbox;
  private static DataSources sources;

  @BeforeAll
  static void start() {
    sandbox = new SandboxSources();
    sources = sandbox.clients(Duration.ofMillis(800));
  }

  @AfterEach
  void clear() {
    sandbox.clearFaults();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static SourceException sourceFailure(Future<?> call) {
    Throwable failure = failure(call);
    assertThat(failure).isInstanceOf(SourceException.class);
    return (SourceException) failure;
  }

  @Test
  void latencyIsAddedWithinFixedPlusJitter() {
    assertThat(sandbox.fault(LEASE, new JsonObject().put("latencyMs", 150).put("jitterMs", 100)).statusCode())
        .isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(await(sources.housing().leaseFilings(person(1, 2)))).hasSize(1);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).isBetween(150L, 700L);
    }
    // Another query of the same family is untouched.
    long start = System.nanoTime();
    await(sources.housing().publicRentals(person(1, 3)));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(150L);
  }

  @Test
  void errorRatioFailsTheSameShareOfRequestsForTheSameSeed() {
    List<Integer> first = errorPattern(0.3, 7);
    List<Integer> again = errorPattern(0.3, 7);
    assertThat(again).isEqualTo(first);
    long failed = first.stream().filter(s -> s == 503).count();
    assertThat(failed).isBetween(4L, 20L); // 40 requests at 0.3
    assertThat(errorPattern(0.3, 8)).isNotEqualTo(first);
    JsonObject listed = sandbox.faults().getJsonArray("items").getJsonObject(0);
    assertThat(listed.getString("dependency")).isEqualTo("collab.marriage");
    assertThat(listed.getLong("requests")).isEqualTo(40);
  }

  private List<Integer> errorPattern(double ratio, long seed) {
    sandbox.fault("collab.marriage", new JsonObject().put("errorRatio", ratio).put("seed", seed));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Future<CollaborationClient.Marriage> call = sources.collaboration().marriage(person(1, 2));
      Throwable failure = call.toCompletionStage().toCompletableFuture().handle((ok, e) -> e).join();
      if (failure == null) {
        statuses.add(200);
      } else {
        SourceException e = (SourceException) (failure.getCause() != null && !(failure instanceof SourceException)
            ? failure.getCause() : failure);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.HTTP_ERROR);
        assertThat(e.serviceName()).isEqualTo("婚姻登记信息查询");
        statuses.add(e.status());
      }
    }
    return statuses;
  }

  @Test
  void aHangingSourceEndsInTheClientsTimeout() {
    sandbox.fault("pension", new JsonObject().put("hang", true));
    long start = System.nanoTime();
    SourceException e = sourceFailure(sources.pension().status(person(1, 2)));
    assertThat(e.kind()).isEqualTo(SourceException.Kind.TIMEOUT);
    assertThat(e.dependency()).isEqualTo("pension.status");
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 3_000L);
    assertThat(sourceFailure(sources.probe("pension.status")).kind()).isEqualTo(SourceException.Kind.TIMEOUT);
  }

  @Test
  void refusedConnectionsAndABrokenAnswerAreClearFailures() {
    sandbox.fault("funeral.cremation", new JsonObject().put("refuse", true));
    assertThat(sourceFailure(sources.funeral().cremation(person(1, 9))).kind())
        .isEqualTo(SourceException.Kind.UNREACHABLE);
    sandbox.fault("national", new JsonObject().put("malformed", true));
    SourceException broken = sourceFailure(sources.loans().loans(person(2, 5)));
    assertThat(broken.kind()).isEqualTo(SourceException.Kind.MALFORMED);
    assertThat(broken.getMessage()).contains("national.loan_info").doesNotContain(person(2, 5));
    assertThat(sourceFailure(sources.registry().enterprise("91350203MA31H0A0XG")).kind())
        .isEqualTo(SourceException.Kind.MALFORMED);
    // The family fault does not reach other families, and clearing it restores the answers.
    assertThat(await(sources.collaboration().lowIncome(person(7, 2))).recipient()).isTrue();
    sandbox.clearFaults();
    assertThat(await(sources.loans().loans(person(2, 5)))).hasSize(1);
    assertThat(await(sources.funeral().cremation(person(1, 9)))).isNotNull();
  }

  @Test
  void aSourceThatIsNotListeningIsUnreachable() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    PensionClient client = new PensionClient(sandbox.web, () -> "http://127.0.0.1:" + closed, Duration.ofSeconds(2));
    assertThat(sourceFailure(client.status(person(1, 2))).kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
  }

  @Test
  void answersMissingAFieldOrWithAnotherStatusAreNotTakenAsData() {
    Router router = Router.router(sandbox.vertx);
    router.post("/lease-filings/query").handler(ctx -> ctx.json(new JsonObject().put("items",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("filingNo", 17)))));
    router.post("/public-rentals/query").handler(ctx -> ctx.response().setStatusCode(404).end());
    router.post("/contract-filings/query").handler(ctx -> ctx.response().end("[]"));
    var server = await(sandbox.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    try {
      NationalHousingClient client = new NationalHousingClient(sandbox.web,
          () -> "http://127.0.0.1:" + server.actualPort());
      SourceException missing = sourceFailure(client.leaseFilings(person(1, 2)));
      assertThat(missing.kind()).isEqualTo(SourceException.Kind.MALFORMED);
      assertThat(missing.getMessage()).contains("filingNo");
      SourceException notFound = sourceFailure(client.publicRentals(person(1, 2)));
      assertThat(notFound.kind()).isEqualTo(SourceException.Kind.HTTP_ERROR);
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(sourceFailure(client.contractFilings(person(1, 2))).kind()).isEqualTo(SourceException.Kind.MALFORMED);
    } finally {
      await(server.close());
    }
  }

  @Test
  void theControlApiRefusesUnknownDependenciesAndBadSpecs() {
    assertThat(sandbox.fault("national.nothing", new JsonObject().put("hang", true)).statusCode()).isEqualTo(404);
    assertThat(sandbox.fault(LEASE, new JsonObject().put("errorRatio", 2)).statusCode()).isEqualTo(400);
    assertThat(sandbox.fault(LEASE, new JsonObject().put("errorStatus", 404).put("errorRatio", 1)).statusCode())
        .isEqualTo(400);
    assertThat(sandbox.fault(LEASE, new JsonObject().put("slow", true)).statusCode()).isEqualTo(400);
    assertThat(sandbox.faults().getJsonArray("items")).isEmpty();
    // As in the curl examples of docs/sandbox.md: a body without a content type is read as JSON too.
    assertThat(await(sandbox.web.requestAbs(io.vertx.core.http.HttpMethod.PUT, sandbox.base() + "/sandbox/faults/collab")
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"latencyMs\":5}"))).statusCode()).isEqualTo(200);
    assertThat(sandbox.faults().getJsonArray("items")).hasSize(1);
  }
}
