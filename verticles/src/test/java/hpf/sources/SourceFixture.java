package hpf.sources;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Counter staff, the operator and the sandbox, over HTTP, for the data-source tests of this package. */
public final class SourceFixture {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");

  private final WebClient client;
  private final SignedCalls calls;
  private final String counter;

  SourceFixture(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "k-" + UUID.randomUUID())
        .sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
  }

  void sandbox(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1", uri);
    HttpResponse<Buffer> done = (body == null ? request.send() : request.sendJsonObject(body))
        .await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isLessThan(300);
  }

  /** A new employer (any name: the registry check only flags a differing one). */
  String employer() throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    return post("/v1/employers", new JsonObject().put("creditCode", first17 + Identifiers.creditCheckCharacter(first17))
        .put("name", "数据源测试有限公司").put("employerRatio", "0.12").put("memberRatio", "0.12"))
        .bodyAsJsonObject().getString("employerId");
  }

  /** Adds the person to the employer; answers the response (201 with the account, or the problem). */
  HttpResponse<Buffer> addMember(String employerId, String idNumber) throws Exception {
    return post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", "数据源职工")
        .put("idNumber", idNumber).put("phone", "13900000000").put("monthlyWage", "5000.00"));
  }

  /** A new employer with this person as its member; answers the person id. */
  String member(String idNumber) throws Exception {
    HttpResponse<Buffer> added = addMember(employer(), idNumber);
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject().getString("personId");
  }

  void consent(String personId, String purpose, String... scopes) throws Exception {
    HttpResponse<Buffer> granted = post("/v1/members/" + personId + "/consents", new JsonObject()
        .put("purpose", purpose).put("scopes", new JsonArray(java.util.List.of((Object[]) scopes)))
        .put("validUntil", OffsetDateTime.now(CENTER).plusMonths(1).toInstant().toString()));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
  }

  static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
