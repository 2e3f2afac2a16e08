package hpf.loan.terms;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loan products over HTTP, for any signed app without a session: today's rates (those of 2025-05-08 in the
 * seeded policy), the ceilings with the shared-ownership float, and the shared rules; and policy as the only
 * source, checked against a policy of another date.
 */
@ExtendWith(VertxExtension.class)
class LoanProductsTest {

  @Test
  void anySignedAppSeesTodaysProductsFromThePolicy(Vertx vertx) throws Exception {
    TestPlatform.app();
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    HttpResponse<Buffer> response = calls.send("demo-mini-program", HttpMethod.GET, "/v1/loan-products", null,
        System.currentTimeMillis());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("listLoanProducts", response);
    JsonObject body = response.bodyAsJsonObject();
    Map<String, JsonObject> products = body.getJsonArray("products").stream().map(p -> (JsonObject) p)
        .collect(Collectors.toMap(p -> p.getString("code"), p -> p));
    assertThat(products).containsOnlyKeys("FIRST_HOME", "SECOND_HOME", "SHARED_OWNERSHIP_FIRST_HOME");

    JsonObject first = products.get("FIRST_HOME");
    assertThat(first.getJsonArray("rates").encode())
        .isEqualTo("[{\"maxTermMonths\":60,\"annualRate\":\"0.021\"},{\"maxTermMonths\":360,\"annualRate\":\"0.026\"}]");
    assertThat(first.getString("ceilingPerson")).isEqualTo("600000.00");
    assertThat(first.getString("ceilingFamily")).isEqualTo("1200000.00");
    assertThat(first.getString("maxLoanToValue")).isEqualTo("0.8");
    assertThat(first.getString("guaranteeType")).isEqualTo("01");
    assertThat(first.getJsonArray("repaymentMethods").getList()).containsExactly("01", "02");

    JsonObject second = products.get("SECOND_HOME");
    assertThat(second.getJsonArray("rates").getJsonObject(0).getString("annualRate")).isEqualTo("0.02525");
    assertThat(second.getJsonArray("rates").getJsonObject(1).getString("annualRate")).isEqualTo("0.03075");
    assertThat(second.getString("maxLoanToValue")).isEqualTo("0.7");

    // The float (200,000) never lifts a ceiling above the cap (1,400,000): 800,000 for one, 1,400,000 for a family.
    JsonObject shared = products.get("SHARED_OWNERSHIP_FIRST_HOME");
    assertThat(shared.getString("ceilingPerson")).isEqualTo("800000.00");
    assertThat(shared.getString("ceilingFamily")).isEqualTo("1400000.00");
    assertThat(shared.getJsonArray("rates")).isEqualTo(first.getJsonArray("rates"));

    assertThat(body.getJsonObject("rules").getInteger("maxTermMonths")).isEqualTo(360);
    assertThat(body.getJsonObject("rules").getString("balanceMultiple")).isEqualTo("15");
    assertThat(body.getJsonObject("rules").getString("maxInstallmentShareOfIncome")).isEqualTo("0.5");
  }

  @Test
  void theProductsOfAnotherDateAreThatDatesPolicy() throws Exception {
    LoanPolicy p2016 = LoanPolicies.inForce(TestPlatform.app().pool(), java.time.LocalDate.of(2016, 1, 1))
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
    JsonObject first = LoanProducts.of(p2016).getJsonArray("products").getJsonObject(0);
    assertThat(first.getJsonArray("rates").getJsonObject(0).getString("annualRate")).isEqualTo("0.0275");
    assertThat(first.getJsonArray("rates").getJsonObject(1).getString("annualRate")).isEqualTo("0.0325");
  }
}
