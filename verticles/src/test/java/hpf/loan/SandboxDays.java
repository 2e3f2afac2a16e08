package hpf.loan;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** What an operator of the sandbox does over the admin API to live a loan's later days: move the date, run jobs. */
final class SandboxDays {

  private final WebClient client;

  SandboxDays(WebClient client) {
    this.client = client;
  }

  /** Moves the sandbox's business date (the admin API's moveBusinessDate). */
  void moveTo(LocalDate day) throws Exception {
    JsonObject moved = call(HttpMethod.PUT, "/v1/business-date", new JsonObject().put("businessDate", day.toString()));
    assertThat(moved.getString("businessDate")).isEqualTo(day.toString());
  }

  /** Back to the calendar date, so later tests on the shared platform see today. */
  void backToToday() throws Exception {
    moveTo(TestPlatform.app().clock().calendarDate());
  }

  /** The day's deduction run (runLoanDeductions): answers its report. */
  JsonObject runDeductions() throws Exception {
    return call(HttpMethod.POST, "/v1/jobs/loan-deductions", null);
  }

  JsonObject reprice(int year) throws Exception {
    return call(HttpMethod.POST, "/v1/jobs/loan-repricing", new JsonObject().put("year", year));
  }

  /** A policy version (addPolicyVersion); one already there for that day is fine (the same JVM ran it before). */
  void policy(String name, LocalDate from, String value) throws Exception {
    HttpResponse<Buffer> added = send(HttpMethod.POST, "/v1/policies", new JsonObject().put("name", name)
        .put("effectiveFrom", from.toString()).put("value", value).put("note", "贷款全周期测试"));
    assertThat(added.statusCode()).as(added.bodyAsString()).isIn(201, 409);
  }

  JsonObject loanBooks() throws Exception {
    return call(HttpMethod.GET, "/v1/loan-books/reconciliation", null);
  }

  JsonObject ledger() throws Exception {
    return call(HttpMethod.GET, "/v1/ledger/reconciliation", null);
  }

  private JsonObject call(HttpMethod method, String uri, JsonObject body) throws Exception {
    HttpResponse<Buffer> answer = send(method, uri, body);
    assertThat(answer.statusCode()).as(uri + ": " + answer.bodyAsString()).isIn(200, 201, 202);
    return answer.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "days-" + UUID.randomUUID());
    return (body == null ? request.send() : request.sendJsonObject(body)).await(60, TimeUnit.SECONDS);
  }
}
