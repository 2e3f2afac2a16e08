package hpf.sandbox.bank;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2Keys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox banks' pushes delivered as a real bank would: each notice POSTed to the platform's bank listener,
 * signed with the demo bank's key ({@code X-HPF-Bank-Code}, canonical request, SM2). The notice id is derived from
 * the booking (account change: {@code AC-<host serial>}) or the instruction (result: {@code TR-<serial>}), so a
 * repeated push ({@code duplicateNotices}) carries the same id and is harmless. A push that got no answer or a 5xx is
 * tried again (up to 5 times, backing off); a refusal (4xx) is logged. Batch results are not pushed yet (the
 * dispatcher sends no batches).
 */
public final class NoticePusher {

  private static final Logger LOG = LoggerFactory.getLogger(NoticePusher.class);
  private static final int TRIES = 5;

  private final Vertx vertx;
  private final WebClient client;
  private final Map<String, Sm2Keys.Private> bankKeys;
  private final String host;
  private final int port;

  /** {@code host}/{@code port}: the platform's bank listener. */
  public NoticePusher(Vertx vertx, Map<String, Sm2Keys.Private> bankKeys, String host, int port) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.bankKeys = Map.copyOf(bankKeys);
    this.host = host;
    this.port = port;
  }

  /** The receiver to hand to {@link SandboxBank#notices}. */
  public void push(BankNotice notice) {
    JsonObject f = notice.fields();
    switch (notice.kind()) {
      case "ACCOUNT_CHANGE" -> post(notice.bankCode(), "/v1/notices/account-changes", new JsonObject()
          .put("noticeId", "AC-" + f.getString("HostSeqNo")).put("hostSeqNo", f.getString("HostSeqNo"))
          .put("accountNo", f.getString("AcctNo")).put("direction", "D".equals(f.getString("DcFlag")) ? "DEBIT" : "CREDIT")
          .put("amount", f.getString("Amt")).put("payerAccountNo", f.getString("OppAcctNo"))
          .put("payerName", f.getString("OppAcctName", "").isBlank() ? "（未提供户名）" : f.getString("OppAcctName"))
          .put("valueDate", LocalDate.parse(f.getString("TxDate"), DateTimeFormatter.BASIC_ISO_DATE).toString())
          .put("summary", f.getString("Summary", "")).put("balance", f.getString("Balance")), 1);
      case "TX_RESULT" -> post(notice.bankCode(), "/v1/notices/results", new JsonObject()
          .put("noticeId", "TR-" + f.getString("SendSeqNo")).put("serialNo", f.getString("SendSeqNo"))
          .put("result", "0".equals(f.getString("OldTxStatus")) ? "SUCCEEDED" : "FAILED")
          .put("returnCode", f.getString("RtnCode")).put("hostSeqNo", f.getString("HostSeqNo"))
          .put("amount", f.getString("Amt")), 1);
      default -> LOG.atDebug().addKeyValue("bank", notice.bankCode()).addKeyValue("kind", notice.kind())
          .log("sandbox bank notice not pushed: the platform takes no such notice yet");
    }
  }

  private void post(String bankCode, String path, JsonObject body, int attempt) {
    Sm2Keys.Private key = bankKeys.get(bankCode);
    if (key == null) {
      return;
    }
    Buffer payload = body.toBuffer();
    String timestamp = String.valueOf(System.currentTimeMillis());
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String nonceText = HexFormat.of().formatHex(nonce);
    String signature = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", path, null, bankCode, timestamp,
        nonceText, payload.getBytes()).signSm2(key);
    client.post(port, host, path).putHeader("Content-Type", "application/json").putHeader("X-HPF-Bank-Code", bankCode)
        .putHeader("X-HPF-Timestamp", timestamp).putHeader("X-HPF-Nonce", nonceText)
        .putHeader("X-HPF-Signature", signature)
        .sendBuffer(payload)
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 0;
          if (status >= 200 && status < 300) {
            return;
          }
          if ((status == 0 || status >= 500) && attempt < TRIES) {
            vertx.setTimer(200L << attempt, t -> post(bankCode, path, body, attempt + 1));
            return;
          }
          LOG.atWarn().addKeyValue("bank", bankCode).addKeyValue("path", path).addKeyValue("status", status)
              .addKeyValue("noticeId", body.getString("noticeId"))
              .addKeyValue("answer", ar.succeeded() ? ar.result().bodyAsString() : ar.cause().getMessage())
              .log("sandbox bank notice not accepted by the platform");
        });
  }
}
