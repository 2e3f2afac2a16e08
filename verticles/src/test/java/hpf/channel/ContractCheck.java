package hpf.channel;

import hpf.kit.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks real responses against the zone's contract with vertx-openapi's ResponseValidator. */
public final class ContractCheck {

  private final ResponseValidator validator;

  public ContractCheck(Vertx vertx, Zone zone) throws Exception {
    this.validator = ResponseValidator.create(vertx,
        Contracts.forValidation(vertx, Contracts.bundle(zone)).await(30, TimeUnit.SECONDS));
  }

  /** Fails unless the response is one the operation declares, with a body matching its schema. */
  public void conforms(String operationId, HttpResponse<Buffer> response) throws Exception {
    String contentType = response.getHeader("Content-Type");
    if (response.statusCode() >= 400 && response.statusCode() != 503) {
      // Problems are always problem+json (a 503 may also be the readiness check's JSON).
      assertThat(contentType).isEqualTo(Problem.MEDIA_TYPE);
    }
    if (Problem.MEDIA_TYPE.equals(contentType)) {
      // The validator sees problem+json as the application/json it supports.
      contentType = "application/json";
    }
    ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), headers(response.headers()),
        response.body(), contentType == null ? null : contentType.split(";")[0].trim());
    validator.validate(validatable, operationId).await(10, TimeUnit.SECONDS);
  }

  private static Map<String, String> headers(MultiMap headers) {
    Map<String, String> map = new HashMap<>();
    headers.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }
}
