package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unified identity platform and the SMS gateway behind the dependency guard, in the shared platform: isolated
 * (forced by an operator), a ticket login is refused at once with 503 DEPENDENCY_ISOLATED and a login code is not
 * sent (nothing reaches the gateway); a plain failure still answers DEPENDENCY_UNAVAILABLE; each has a probe that
 * succeeds against the sandbox without texting anyone; and every registered dependency is listed for operators.
 */
@ExtendWith(VertxExtension.class)
class GuardedThirdPartiesTest {

  private WebClient client;
  private SignedCalls calls;

  @BeforeEach
  void setUp(Vertx vertx) {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
  }

  @Test
  void anIsolatedIdentityProviderRefusesTicketLoginsAtOnce() throws Exception {
    String ticket = ticket(DemoPeople.person("P00000001").idNumber());
    isolate("identity.provider");
    try {
      long started = System.nanoTime();
      HttpResponse<Buffer> refused = ticketLogin(ticket);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_ISOLATED");
      assertThat(refused.bodyAsJsonObject().getString("title")).isEqualTo("统一身份认证平台暂不可用");
      assertThat(millis).isLessThan(1_000);
    } finally {
      lift("identity.provider");
    }
    // The ticket was never sent while isolated, so it still logs in once the provider is back.
    assertThat(ticketLogin(ticket).statusCode()).isEqualTo(201);

    // A provider that fails (not isolated) answers as before.
    sandboxFault("identity.provider", new JsonObject().put("errorRatio", 1).put("errorStatus", 500));
    try {
      HttpResponse<Buffer> failed = ticketLogin(ticket(DemoPeople.person("P00000001").idNumber()));
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_UNAVAILABLE");
    } finally {
      clearSandboxFaults();
    }
    assertBooksReconcile();
  }

  @Test
  void anIsolatedSmsGatewaySendsNothing() throws Exception {
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    String idNumber = newMember(phone);
    double before = count("DEPENDENCY_ISOLATED");
    isolate("sms.gateway");
    try {
      HttpResponse<Buffer> asked = calls.send("demo-mobile", HttpMethod.POST, "/v1/login-codes", new JsonObject()
          .put("subjectKind", "MEMBER").put("idNumber", idNumber).toBuffer(), System.currentTimeMillis());
      // The answer never depends on the account or the gateway (nothing is revealed); the refusal is counted.
      assertThat(asked.statusCode()).isEqualTo(202);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (count("DEPENDENCY_ISOLATED") == before && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertThat(count("DEPENDENCY_ISOLATED")).isEqualTo(before + 1);
    } finally {
      lift("sms.gateway");
    }
    assertThat(messagesTo(phone)).isZero();
    // Both probes succeed against the sandbox, and the SMS probe texts nobody.
    for (String dependency : new String[] {"identity.provider", "sms.gateway"}) {
      HttpResponse<Buffer> probed = admin(HttpMethod.POST, "/v1/dependencies/" + dependency + "/probes", null);
      assertThat(probed.statusCode()).as(probed.bodyAsString()).isEqualTo(200);
      assertThat(probed.bodyAsJsonObject().getString("probe")).isEqualTo("SUCCEEDED");
    }
    assertThat(messagesTo(phone)).isZero();
    assertBooksReconcile();
  }

  @Test
  void operatorsSeeEveryRegisteredDependency(Vertx vertx) throws Exception {
    HttpResponse<Buffer> listed = admin(HttpMethod.GET, "/v1/dependencies", null);
    new ContractCheck(vertx, Zone.ADMIN).conforms("listDependencies", listed);
    Set<String> ids = new HashSet<>();
    listed.bodyAsJsonObject().getJsonArray("items").forEach(d -> ids.add(((JsonObject) d).getString("id")));
    Set<String> expected = new HashSet<>(Set.of("identity.provider", "sms.gateway"));
    DataSources.queries().stream().map(SourceQuery::dependency).forEach(expected::add);
    assertThat(expected).hasSize(32);
    assertThat(ids).containsAll(expected);
    assertBooksReconcile();
  }

  // --- helpers ---

  private String ticket(String idNumber) throws Exception {
    return client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", idNumber))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
  }

  private HttpResponse<Buffer> ticketLogin(String ticket) throws Exception {
    return calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", ticket).toBuffer(), System.currentTimeMillis());
  }

  private void isolate(String dependency) throws Exception {
    HttpResponse<Buffer> isolated = admin(HttpMethod.POST, "/v1/dependencies/" + dependency + "/isolation",
        new JsonObject().put("reason", "测试：" + dependency + " 暂停调用"));
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isEqualTo(200);
  }

  private void lift(String dependency) throws Exception {
    admin(HttpMethod.DELETE, "/v1/dependencies/" + dependency + "/isolation", new JsonObject().put("reason", "测试结束"));
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  private void sandboxFault(String dependency, JsonObject spec) throws Exception {
    assertThat(client.put(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/faults/" + dependency)
        .sendJsonObject(spec).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  private void clearSandboxFaults() throws Exception {
    client.delete(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/faults/identity.provider").send()
        .await(10, TimeUnit.SECONDS);
  }

  private int messagesTo(String phone) throws Exception {
    return client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone).send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items").size();
  }

  private static double count(String outcome) {
    Counter counter = TestPlatform.app().metrics().registry().find("hpf_identity_login_codes_total")
        .tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A new employer and member through the counter, with the given phone; answers its ID number. */
  private String newMember(String phone) throws Exception {
    String counter = calls.staffToken("counter.li");
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    HttpResponse<Buffer> opened = counterCall(counter, "/v1/employers", new JsonObject()
        .put("creditCode", first17 + Identifiers.creditCheckCharacter(first17)).put("name", "短信测试有限公司")
        .put("employerRatio", "0.12").put("memberRatio", "0.12"));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    String idNumber = TestIdentities.newIdNumber();
    HttpResponse<Buffer> added = counterCall(counter, "/v1/employers/" + opened.bodyAsJsonObject().getString("employerId")
        + "/members", new JsonObject().put("name", "短信职工").put("idNumber", idNumber).put("phone", phone)
        .put("monthlyWage", "5000.00"));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return idNumber;
  }

  private HttpResponse<Buffer> counterCall(String token, String uri, JsonObject body) throws Exception {
    return calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", "g-" + UUID.randomUUID())
        .sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  /** Logins touch no money: the books still balance after every scenario. */
  private static void assertBooksReconcile() throws Exception {
    assertThat(new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();
  }
}
