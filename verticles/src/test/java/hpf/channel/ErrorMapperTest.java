package hpf.channel;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hpf.kit.Problem;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of failure answers with problem+json and a stable code, over real HTTP on loopback, using the
 * admin contract with handlers that misbehave on purpose.
 */
@ExtendWith(VertxExtension.class)
class ErrorMapperTest {

  private static final int BODY_LIMIT = 2048;
  private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
  private WebClient client;
  private int port;
  private ContractCheck contract;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Contracts.Bundled admin = Contracts.bundle(Zone.ADMIN);
    Map<String, Handler<RoutingContext>> handlers = new java.util.HashMap<>();
    admin.operationIds().forEach(id -> handlers.put(id, ctx -> ctx.fail(500)));
    handlers.put("getSystemInfo", ctx -> {
      throw new IllegalStateException("SELECT password FROM staff WHERE id = 350102199001011234");
    });
    handlers.put("setLoggerLevel", ctx -> ctx.json(new JsonObject().put("name", "x").put("level", "INFO")));
    ApiRouter.Spec spec = new ApiRouter.Spec(admin,
        Contracts.forValidation(vertx, admin).await(30, TimeUnit.SECONDS), handlers);
    port = vertx.createHttpServer()
        .requestHandler(ApiRouter.create(vertx, spec, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), BODY_LIMIT,
            new ZoneSecurity(io.vertx.ext.web.RoutingContext::next, null)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
    errors.start();
    ((Logger) LoggerFactory.getLogger(ErrorMapper.class)).addAppender(errors);
  }

  @AfterEach
  void detach() {
    ((Logger) LoggerFactory.getLogger(ErrorMapper.class)).detachAppender(errors);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, port, "127.0.0.1", uri);
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("type")).startsWith("urn:hpf:problem:");
    assertThat(body.getString("title")).isNotBlank();
    assertThat(body.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    return body;
  }

  @Test
  void anUnexpectedFailureRevealsNothingAndIsLoggedOnceWithTheRequestId() throws Exception {
    HttpResponse<Buffer> response = request(HttpMethod.GET, "/v1/system").send().await(10, TimeUnit.SECONDS);
    JsonObject body = problem(response, 500, "INTERNAL_ERROR");
    contract.conforms("getSystemInfo", response);
    assertThat(response.bodyAsString()).doesNotContain("SELECT", "password", "IllegalState", "at hpf.", "350102");
    assertThat(errors.list).hasSize(1);
    ILoggingEvent logged = errors.list.get(0);
    assertThat(logged.getKeyValuePairs()).anySatisfy(kv -> {
      assertThat(kv.key).isEqualTo("requestId");
      assertThat(kv.value).isEqualTo(body.getString("requestId"));
    });
    String line = new String(new hpf.boot.JsonLogEncoder().encode(logged), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(line).contains("350102********1234").doesNotContain("350102199001011234");
  }

  @Test
  void anUnknownPathIsNotFound() throws Exception {
    problem(request(HttpMethod.GET, "/v1/nowhere").send().await(10, TimeUnit.SECONDS), 404, "NOT_FOUND");
  }

  @Test
  void aWrongMethodIsMethodNotAllowed() throws Exception {
    problem(request(HttpMethod.DELETE, "/v1/system").send().await(10, TimeUnit.SECONDS), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void aBodyOfAnotherMediaTypeIsUnsupported() throws Exception {
    HttpResponse<Buffer> text = request(HttpMethod.PUT, "/v1/loggers/hpf").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("DEBUG")).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> none = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .sendBuffer(Buffer.buffer("{\"level\":\"DEBUG\"}")).await(10, TimeUnit.SECONDS);
    problem(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    contract.conforms("setLoggerLevel", text);
    problem(none, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
    String big = "{\"level\":\"" + "x".repeat(BODY_LIMIT * 2) + "\"}";
    HttpResponse<Buffer> response = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(big)).await(10, TimeUnit.SECONDS);
    JsonObject body = problem(response, 413, "PAYLOAD_TOO_LARGE");
    assertThat(body.getString("detail")).contains(String.valueOf(BODY_LIMIT));
  }

  @Test
  void aBodyCheckedOffTheEventLoopAnswersAsASmallOne() throws Exception {
    // Over OperationValidation.INLINE_BODY_BYTES and under the listener's limit: validated on a worker thread.
    String large = "{\"level\":\"" + "X".repeat(OperationValidation.INLINE_BODY_BYTES) + "\"}";
    HttpResponse<Buffer> response = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(large)).await(10, TimeUnit.SECONDS);
    JsonObject body = problem(response, 400, "VALIDATION_FAILED");
    assertThat(body.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("level");
    contract.conforms("setLoggerLevel", response);
  }

  @Test
  void brokenJsonIsAMalformedRequest() throws Exception {
    HttpResponse<Buffer> response = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"level\"")).await(10, TimeUnit.SECONDS);
    problem(response, 400, "MALFORMED_REQUEST");
    contract.conforms("setLoggerLevel", response);
  }

  @Test
  void aValueOutsideTheContractNamesTheFieldInBusinessLanguage() throws Exception {
    HttpResponse<Buffer> response = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .putHeader("Content-Type", "application/json").sendJsonObject(new JsonObject().put("level", "LOUD"))
        .await(10, TimeUnit.SECONDS);
    JsonObject body = problem(response, 400, "VALIDATION_FAILED");
    contract.conforms("setLoggerLevel", response);
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("level");
    assertThat(error.getString("in")).isEqualTo("body");
    assertThat(error.getString("reason")).isEqualTo("取值不在允许范围内");
    assertThat(body.encode()).doesNotContain("Instance", "schema", "#/");
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    HttpResponse<Buffer> response = request(HttpMethod.PUT, "/v1/loggers/hpf")
        .putHeader("Content-Type", "application/json").sendJsonObject(new JsonObject()).await(10, TimeUnit.SECONDS);
    JsonObject error = problem(response, 400, "VALIDATION_FAILED").getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("level");
    assertThat(error.getString("reason")).isEqualTo("缺少必填项");
  }

  @Test
  void theCallersRequestIdIsKeptAndAnUnsafeOneReplaced() throws Exception {
    HttpResponse<Buffer> kept = request(HttpMethod.GET, "/v1/nowhere").putHeader("X-Request-Id", "kiosk-0042-abcdef")
        .send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> replaced = request(HttpMethod.GET, "/v1/nowhere").putHeader("X-Request-Id", "<script>")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(problem(kept, 404, "NOT_FOUND").getString("requestId")).isEqualTo("kiosk-0042-abcdef");
    assertThat(problem(replaced, 404, "NOT_FOUND").getString("requestId")).doesNotContain("<");
  }

  @Test
  void anIsolatedDependencyIsA503NamingTheServiceAndTheNextProbe() {
    java.time.Instant next = java.time.Instant.parse("2025-03-01T02:05:00Z");
    Problem p = new ErrorMapper(Zone.PUBLIC, 1024, null).toProblem(
        new hpf.isolation.DependencyIsolatedException("realestate.registry", "不动产登记数据", next), 500);
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.code()).isEqualTo("DEPENDENCY_ISOLATED");
    assertThat(p.title()).isEqualTo("不动产登记数据暂不可用");
    assertThat(p.detail()).contains("2025-03-01 10:05:00");
  }
}
