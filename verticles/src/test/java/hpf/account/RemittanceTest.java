package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A month's remittance end to end: list, payment credited to every member once, books reconciled. */
@ExtendWith(VertxExtension.class)
class RemittanceTest {

  @Test
  void aMonthIsListedPaidOnceAndCreditedToEveryMember(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String counter = calls.staffToken("counter.li");
    Writer write = (uri, body) -> calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "t-" + UUID.randomUUID()).sendBuffer(body.toBuffer());

    String first17 = "913502" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L)) + "MA3";
    JsonObject employer = write.post("/v1/employers", new JsonObject().put("creditCode", first17
            + Identifiers.creditCheckCharacter(first17)).put("name", "汇缴测试有限公司").put("employerRatio", "0.12")
            .put("memberRatio", "0.12")).await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    String employerId = employer.getString("employerId");
    List<String> people = new ArrayList<>();
    for (String wage : new String[] {"8000.00", "5000.00"}) {
      JsonObject account = write.post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", "职工")
          .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13911112222").put("monthlyWage", wage))
          .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      people.add(account.getString("personId"));
    }

    YearMonth month = YearMonth.from(LocalDate.now(ZoneId.of("Asia/Shanghai")));
    HttpResponse<Buffer> skipped = write.post("/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.plusMonths(1).toString())).await(10, TimeUnit.SECONDS);
    assertThat(skipped.bodyAsJsonObject().getString("code")).isEqualTo("REMITTANCE_MONTH_NOT_NEXT");
    HttpResponse<Buffer> listed = write.post("/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.toString())).await(10, TimeUnit.SECONDS);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
    contract.conforms("createRemittance", listed);
    // 8000.00 × 12 % × 2 + 5000.00 × 12 % × 2 = 1920.00 + 1200.00
    assertThat(listed.bodyAsJsonObject().getString("total")).isEqualTo("3120.00");
    assertThat(listed.bodyAsJsonObject().getJsonArray("lines")).hasSize(2);

    String payment = "/v1/employers/" + employerId + "/remittances/" + month + "/payment";
    assertThat(write.post(payment, new JsonObject().put("amount", "3120.01")).await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getString("code")).isEqualTo("REMITTANCE_AMOUNT_MISMATCH");
    List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      payments.add(write.post(payment, new JsonObject().put("amount", "3120.00")));
    }
    Future.join(payments).await(30, TimeUnit.SECONDS);
    assertThat(payments.stream().filter(p -> p.result().statusCode() == 200)).hasSize(1);
    assertThat(payments.stream().filter(p -> p.result().statusCode() == 409))
        .hasSize(3).allSatisfy(p -> assertThat(p.result().bodyAsJsonObject().getString("code"))
            .isEqualTo("REMITTANCE_ALREADY_PAID"));
    contract.conforms("recordRemittancePayment", payments.stream().filter(p -> p.result().statusCode() == 200)
        .findFirst().orElseThrow().result());

    List<String> balances = new ArrayList<>();
    for (String personId : people) {
      balances.add(calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId + "/account", null,
              System.currentTimeMillis()).bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS)
          .bodyAsJsonObject().getString("balance"));
    }
    assertThat(balances).containsExactlyInAnyOrder("1920.00", "1200.00");
    HttpResponse<Buffer> paid = calls.request("demo-counter", HttpMethod.GET, "/v1/employers/" + employerId
        + "/remittances/" + month, null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send()
        .await(10, TimeUnit.SECONDS);
    contract.conforms("getRemittance", paid);
    assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("PAID");
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    // Other tests share this database: the books as a whole balance (bank side = member side + payables).
    assertThat(books.differences()).isEmpty();

    // Months go in order: the month just paid is not due again, the next one is.
    assertThat(write.post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("code")).isEqualTo("REMITTANCE_MONTH_NOT_NEXT");
    assertThat(write.post("/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.plusMonths(1).toString())).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);

    // The employer's own view: account, members, remittance history.
    Reader read = uri -> calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> account = read.get("/v1/employers/" + employerId + "/account");
    contract.conforms("getEmployerAccount", account);
    assertThat(account.bodyAsJsonObject().getString("paidThrough")).isEqualTo(month.toString());
    assertThat(account.bodyAsJsonObject().getLong("normalMembers")).isEqualTo(2);
    assertThat(account.bodyAsJsonObject().getString("monthlyTotal")).isEqualTo("3120.00");
    HttpResponse<Buffer> members = read.get("/v1/employers/" + employerId + "/members?page=1&size=1");
    contract.conforms("listEmployerMembers", members);
    assertThat(members.bodyAsJsonObject().getLong("total")).isEqualTo(2);
    assertThat(members.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    HttpResponse<Buffer> history = read.get("/v1/employers/" + employerId + "/remittances");
    contract.conforms("listRemittances", history);
    assertThat(history.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    assertThat(history.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("DUE");
    assertThat(history.bodyAsJsonObject().getJsonArray("items").getJsonObject(1).getString("status")).isEqualTo("PAID");
    assertThat(read.get("/v1/employers/E99999999/account").bodyAsJsonObject().getString("code"))
        .isEqualTo("EMPLOYER_NOT_FOUND");
  }

  @FunctionalInterface
  private interface Reader {
    HttpResponse<Buffer> get(String uri) throws Exception;
  }

  @FunctionalInterface
  private interface Writer {
    Future<HttpResponse<Buffer>> post(String uri, JsonObject body);
  }
}
