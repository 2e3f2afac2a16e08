package hpf.withdrawal;

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

/**
 * The service guide's withdrawal items point at the operations the platform serves: every item but the one not
 * handled yet (TQ10, old neighbourhoods and lifts) names the withdrawal operations, rent also the agreements, and
 * loss of working capacity (TQ07) is offered online.
 */
@ExtendWith(VertxExtension.class)
class WithdrawalCatalogueTest {

  @Test
  void everyHandledWithdrawalItemNamesTheOperationsThatCarryItOut(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    HttpResponse<Buffer> listed = calls.get("/v1/service-items?category=WITHDRAWAL&size=100");
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("listServiceItems", listed);
    for (Object o : listed.bodyAsJsonObject().getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      var operations = item.getJsonArray("operations").getList().stream().map(String::valueOf).toList();
      if (item.getString("code").equals("TQ10")) {
        assertThat(operations).isEmpty();
        continue;
      }
      assertThat(operations).as(item.getString("code")).contains("applyWithdrawal", "listWithdrawals", "getWithdrawal",
          "cancelWithdrawal");
      assertThat(TestPlatform.handlers(Zone.PUBLIC)).containsAll(operations);
    }
    JsonObject rent = calls.get("/v1/service-items/TQ03").bodyAsJsonObject();
    assertThat(rent.getJsonArray("operations").getList()).contains("signWithdrawalAgreement", "renewWithdrawalAgreement");
    JsonObject disability = calls.get("/v1/service-items/TQ07").bodyAsJsonObject();
    assertThat(disability.getBoolean("fullyOnline")).isTrue();
    assertThat(disability.getJsonArray("channels").getList()).contains("ONLINE_HALL", "MOBILE_APP", "COUNTER");
  }
}
