package hpf.settlement.inbound;

import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2Keys;
import hpf.sandbox.DemoBanks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A partner bank's signed notices to the platform's bank listener, as the tests send them, and what was recorded. */
public final class BankCalls {

  private final WebClient client;

  public BankCalls(WebClient client) {
    this.client = client;
  }

  /** Signed by the demo bank's registered key. */
  public HttpResponse<Buffer> post(String bankCode, String path, JsonObject body) throws Exception {
    Sm2Keys.Private key = DemoBanks.ALL.stream().filter(b -> b.bankCode().equals(bankCode)).findFirst()
        .map(DemoBanks.Bank::privateKey).orElseGet(() -> Sm2Keys.generate().privateKey());
    return post(bankCode, key, path, body);
  }

  public HttpResponse<Buffer> post(String bankCode, Sm2Keys.Private key, String path, JsonObject body) throws Exception {
    Buffer payload = body.toBuffer();
    String timestamp = String.valueOf(System.currentTimeMillis());
    String nonce = UUID.randomUUID().toString().replace("-", "");
    String signature = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", path, null, bankCode, timestamp,
        nonce, payload.getBytes()).signSm2(key);
    return client.post(TestPlatform.port(Zone.BANK), "127.0.0.1", path).putHeader("Content-Type", "application/json")
        .putHeader("X-HPF-Bank-Code", bankCode).putHeader("X-HPF-Timestamp", timestamp).putHeader("X-HPF-Nonce", nonce)
        .putHeader("X-HPF-Signature", signature).sendBuffer(payload).await(20, TimeUnit.SECONDS);
  }

  /** The recorded notice of a bank by its id (null when none). */
  public static Row notice(String bankCode, String noticeId) throws Exception {
    var rows = TestPlatform.app().pool().preparedQuery("SELECT * FROM bank_notice WHERE bank_code = $1 AND notice_id = $2")
        .execute(Tuple.of(bankCode, noticeId)).await(10, TimeUnit.SECONDS);
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  public static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /** The platform's Prometheus text (management listener). */
  public String metrics() throws Exception {
    return client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS)
        .bodyAsString();
  }
}
