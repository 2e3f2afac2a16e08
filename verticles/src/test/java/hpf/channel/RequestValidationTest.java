package hpf.channel;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prepared validators answer exactly as vertx-openapi's own RequestValidator does, for every operation of every
 * contract: the same validated values, or the same exception (type, message) and so the same problem answer.
 */
class RequestValidationTest {

  private static final List<String> VALUES = List.of("x", "12", "", "P00000001", "a b<>\"", "-1", "true", "1,2");
  private static final List<String> BODIES = List.of("{", "{}", "[]", "{\"unknown\":1}", "\"text\"", "null",
      "{\"reason\":\"07\",\"amount\":\"1500.00\"}", "{\"reason\":\"7\",\"amount\":1500}");

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Zone.class)
  void everyOperationAnswersAsVertxOpenApiDoes(Zone zone) throws Exception {
    OpenAPIContract contract = Contracts.forValidation(vertx, Contracts.bundle(zone)).await(30, TimeUnit.SECONDS);
    RequestValidatorImpl upstream = new RequestValidatorImpl(vertx, contract);
    RequestValidation prepared = new RequestValidation(contract);
    int compared = 0;
    for (Operation operation : contract.operations()) {
      for (ValidatableRequest request : requests(operation)) {
        String upstreamAnswer = outcome(() -> upstream.validate(request, operation.getOperationId()).await(10, TimeUnit.SECONDS));
        String preparedAnswer = outcome(() -> prepared.validate(request, operation));
        assertThat(preparedAnswer).as(operation.getOperationId()).isEqualTo(upstreamAnswer);
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(contract.operations().size());
  }

  @Test
  void validRequestsPassWithTheirValuesConverted() throws Exception {
    OpenAPIContract contract = Contracts.forValidation(vertx, Contracts.bundle(Zone.PUBLIC)).await(30, TimeUnit.SECONDS);
    RequestValidation prepared = new RequestValidation(contract);
    ValidatedRequest list = prepared.validate(request(Map.of(), Map.of("page", "2", "size", "20", "crossProvince", "true"),
        Map.of(), null), contract.operation("listServiceItems"));
    assertThat(list.getQuery().get("page").getInteger()).isEqualTo(2);
    assertThat(list.getQuery().get("crossProvince").getBoolean()).isTrue();
    ValidatedRequest apply = prepared.validate(request(Map.of("personId", "P00000001"), Map.of(),
        Map.of("Idempotency-Key", "key-00000001"), "{\"reason\":\"07\",\"amount\":\"1500.00\"}"),
        contract.operation("applyWithdrawal"));
    assertThat(apply.getBody().getJsonObject().getString("amount")).isEqualTo("1500.00");
    // Parameters with one schema share one validator: fewer validators than parameters and bodies.
    assertThat(prepared.validators()).isLessThan(contract.operations().stream()
        .mapToInt(o -> o.getParameters().size() + (o.getRequestBody() == null ? 0 : 1)).sum());
  }

  /** No parameters; then every parameter set to each test value, with each test body where the operation takes one. */
  private static List<ValidatableRequest> requests(Operation operation) {
    List<ValidatableRequest> out = new ArrayList<>();
    out.add(request(Map.of(), Map.of(), Map.of(), null));
    for (String value : VALUES) {
      Map<String, String> path = new HashMap<>();
      Map<String, String> query = new HashMap<>();
      Map<String, String> headers = new HashMap<>();
      for (Parameter p : operation.getParameters()) {
        switch (p.getIn()) {
          case PATH -> path.put(p.getName(), value);
          case QUERY -> query.put(p.getName(), value);
          case HEADER -> headers.put(p.getName(), value);
          default -> { }
        }
      }
      out.add(request(path, query, headers, null));
      if (operation.getRequestBody() != null) {
        BODIES.forEach(body -> out.add(request(path, query, headers, body)));
      }
    }
    return out;
  }

  private static String outcome(Callable<ValidatedRequest> validation) {
    try {
      ValidatedRequest v = validation.call();
      return "valid " + values(v.getPathParameters()) + values(v.getQuery()) + values(v.getHeaders())
          + values(v.getCookies()) + " body " + (v.getBody() == null ? null : v.getBody().get());
    } catch (ValidatorException e) {
      return e.getClass().getSimpleName() + " " + e.type() + " " + e.getMessage() + " -> "
          + ValidationProblems.from(e).toJson("r").encode();
    } catch (Exception e) {
      return e.getClass().getName() + " " + e.getMessage();
    }
  }

  private static Map<String, Object> values(Map<String, RequestParameter> parameters) {
    Map<String, Object> out = new TreeMap<>();
    parameters.forEach((k, v) -> out.put(k, v == null ? null : v.get()));
    return out;
  }

  static ValidatableRequest request(Map<String, String> path, Map<String, String> query, Map<String, String> headers,
                                    String body) {
    return new ValidatableRequestImpl(Map.of(), wrap(headers), wrap(path), wrap(query),
        body == null ? new RequestParameterImpl(null) : new RequestParameterImpl(Buffer.buffer(body)),
        body == null ? null : "application/json");
  }

  private static Map<String, RequestParameter> wrap(Map<String, String> values) {
    Map<String, RequestParameter> out = new HashMap<>();
    values.forEach((k, v) -> out.put(k, new RequestParameterImpl(v)));
    return out;
  }
}
