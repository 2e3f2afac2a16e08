package hpf.settlement.inbound;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators find the notices kept for them (a result for an instruction we never sent) among what banks pushed. */
@ExtendWith(VertxExtension.class)
class NoticeAdminTest {

  @Test
  void aFlaggedNoticeIsListedForOperatorsWithWhatItMatched(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    String noticeId = "R-" + UUID.randomUUID();
    HttpResponse<Buffer> pushed = new BankCalls(client).post("105", "/v1/notices/results", new JsonObject()
        .put("noticeId", noticeId).put("serialNo", "NEVER-SENT-" + UUID.randomUUID().toString().substring(0, 8))
        .put("result", "SUCCEEDED").put("returnCode", "00000").put("hostSeqNo", "H" + System.nanoTime())
        .put("amount", "12.34"));
    assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isLessThan(300);

    HttpResponse<Buffer> flagged = client.get(TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/settlement/notices?flagged=true&bank=105&kind=TX_RESULT")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).send().await(10, TimeUnit.SECONDS);
    assertThat(flagged.statusCode()).as(flagged.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.ADMIN).conforms("listBankNotices", flagged);
    JsonObject mine = flagged.bodyAsJsonObject().getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> noticeId.equals(i.getString("noticeId"))).findFirst().orElseThrow();
    assertThat(mine.getBoolean("flagged")).isTrue();
    assertThat(mine.getString("outcome")).isEqualTo("UNMATCHED");
    assertThat(mine.getString("amount")).isEqualTo("12.34");
    assertThat(flagged.bodyAsJsonObject().getJsonArray("items").stream()
        .allMatch(i -> ((JsonObject) i).getBoolean("flagged"))).isTrue();
  }
}
