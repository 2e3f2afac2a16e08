package hpf.catalogue;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The service catalogue end to end: migration seed, SQL, contract validation, paging and errors over HTTP. */
@ExtendWith(VertxExtension.class)
class ServiceCatalogueTest {

  private WebClient client;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    TestPlatform.app();
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return new SignedCalls(client, TestPlatform.port(Zone.PUBLIC)).get(uri);
  }

  @Test
  void listsTheSeededCatalogueInPagesOfTwentyByDefault() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items");
    assertThat(response.statusCode()).isEqualTo(200);
    contract.conforms("listServiceItems", response);
    JsonObject page = response.bodyAsJsonObject();
    assertThat(page.getInteger("total")).isEqualTo(43);
    assertThat(page.getJsonArray("items")).hasSize(20);
    assertThat(page.getInteger("page")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("code")).isEqualTo("GJ01");
  }

  @Test
  void pagesDoNotOverlapAndAPageBeyondTheEndIsEmpty() throws Exception {
    JsonArray first = get("/v1/service-items?size=25&page=1").bodyAsJsonObject().getJsonArray("items");
    JsonArray second = get("/v1/service-items?size=25&page=2").bodyAsJsonObject().getJsonArray("items");
    HttpResponse<Buffer> beyond = get("/v1/service-items?size=25&page=3");
    assertThat(first).hasSize(25);
    assertThat(second).hasSize(18);
    assertThat(codes(first)).doesNotContainAnyElementsOf(codes(second));
    assertThat(beyond.statusCode()).isEqualTo(200);
    assertThat(beyond.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(beyond.bodyAsJsonObject().getInteger("total")).isEqualTo(43);
  }

  @Test
  void filtersTheNationalCrossProvinceItems() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items?crossProvince=true&size=100");
    contract.conforms("listServiceItems", response);
    JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
    assertThat(codes(items)).containsExactly("GJ01", "GJ02", "GJ12", "GJ13", "TQ01", "TQ02", "DK02", "DK04");
  }

  @Test
  void filtersByChannelAndCategoryTogether() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items?channel=KIOSK&category=WITHDRAWAL&size=100");
    contract.conforms("listServiceItems", response);
    JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).isNotEmpty();
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      assertThat(item.getString("category")).isEqualTo("WITHDRAWAL");
      assertThat(item.getString("categoryName")).isEqualTo("提取");
      assertThat(item.getJsonArray("channels").getList()).contains("KIOSK");
    }
    assertThat(codes(items)).contains("TQ03").doesNotContain("TQ05");
  }

  @Test
  void showsOneItemWithItsMaterials() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items/TQ03");
    assertThat(response.statusCode()).isEqualTo(200);
    contract.conforms("getServiceItem", response);
    JsonObject item = response.bodyAsJsonObject();
    assertThat(item.getString("name")).isEqualTo("租房提取住房公积金");
    assertThat(item.getBoolean("fullyOnline")).isTrue();
    assertThat(item.getJsonArray("materials").getJsonObject(1).getString("name")).isEqualTo("房屋租赁备案证明");
  }

  @Test
  void anUnknownItemIsABusinessNotFound() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items/ZZ99");
    assertThat(response.statusCode()).isEqualTo(404);
    contract.conforms("getServiceItem", response);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("SERVICE_ITEM_NOT_FOUND");
    assertThat(response.bodyAsJsonObject().getString("title")).isEqualTo("办事事项不存在");
  }

  @Test
  void refusesAnOversizedPageNamingTheField() throws Exception {
    HttpResponse<Buffer> response = get("/v1/service-items?size=101");
    assertThat(response.statusCode()).isEqualTo(400);
    contract.conforms("listServiceItems", response);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("size");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("in")).isEqualTo("query");
  }

  @Test
  void refusesAnUnknownChannelAndAMalformedCode() throws Exception {
    HttpResponse<Buffer> channel = get("/v1/service-items?channel=FAX");
    HttpResponse<Buffer> code = get("/v1/service-items/tq3");
    assertThat(channel.statusCode()).isEqualTo(400);
    assertThat(channel.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("reason"))
        .isEqualTo("取值不在允许范围内");
    assertThat(code.statusCode()).isEqualTo(400);
    assertThat(code.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("code");
  }

  private static List<String> codes(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("code")).toList();
  }
}
