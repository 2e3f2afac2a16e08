package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The service guide's loan items (DK01 application, DK08 information) point at the operations the platform serves. */
@ExtendWith(VertxExtension.class)
class LoanCatalogueTest {

  @Test
  void theLoanApplicationItemNamesTheOperationsThatCarryItOut(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    HttpResponse<Buffer> item = calls.get("/v1/service-items/DK01");
    assertThat(item.statusCode()).as(item.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("getServiceItem", item);
    JsonObject dk01 = item.bodyAsJsonObject();
    assertThat(dk01.getJsonArray("operations").getList()).contains("applyLoan", "getLoanApplication",
        "listMyLoanApplications", "cancelLoanApplication", "resubmitLoanApplication");
    assertThat(TestPlatform.handlers(Zone.PUBLIC)).containsAll(dk01.getJsonArray("operations").getList().stream()
        .map(String::valueOf).toList());
    assertThat(dk01.getJsonArray("channels").getList()).doesNotContain("KIOSK").contains("COUNTER");
    assertThat(dk01.getJsonArray("operations").getList()).contains("calculateLoan", "listLoanProducts",
        "signLoanContract");
  }

  @Test
  void theLoanInformationItemReadsApplicationsContractsAndRepayments(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    JsonObject dk08 = calls.get("/v1/service-items/DK08").bodyAsJsonObject();
    assertThat(dk08.getJsonArray("operations").getList()).containsExactly("listMyLoanApplications",
        "getLoanApplication", "listMyLoanContracts", "getLoanContract", "listLoanRepayments");
    assertThat(TestPlatform.handlers(Zone.PUBLIC)).containsAll(dk08.getJsonArray("operations").getList().stream()
        .map(String::valueOf).toList());
  }
}
