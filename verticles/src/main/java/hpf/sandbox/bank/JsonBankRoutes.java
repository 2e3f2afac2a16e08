package hpf.sandbox.bank;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.CanonicalResponse;
import hpf.crypto.Sm2Keys;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bankjson.JsonMessages;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON variant of the sandbox banks on the sandbox HTTP server: {@code POST /banks/{bankCode}/bdc/{TxCode}}
 * (see {@link JsonBankClient}). Checks the center's signature (timestamp within five minutes, nonce not seen
 * before), answers the teller's message signed with the bank's key. Refusals are signed messages too: 401 E1005
 * (signature), 400 E1002/E1003 (format, unknown transaction), 503 E1009 while the bank is "down".
 */
final class JsonBankRoutes {

  static final String PATH = "/banks/:bankCode/bdc/:txCode";
  private static final long WINDOW_MS = 300_000;
  private static final int KEPT_NONCES = 10_000;

  private final Vertx vertx;
  private final Map<String, SimulatedBank> banks;
  private final Map<String, Sm2Keys.Private> bankKeys;
  private final Sm2Keys.Public centerKey;
  private final Map<String, Long> nonces = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > KEPT_NONCES;
    }
  };

  JsonBankRoutes(Vertx vertx, Map<String, SimulatedBank> banks, Map<String, Sm2Keys.Private> bankKeys,
                 Sm2Keys.Public centerKey) {
    this.vertx = vertx;
    this.banks = banks;
    this.bankKeys = bankKeys;
    this.centerKey = centerKey;
  }

  void mount(Router router) {
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    SimulatedBank bank = banks.get(ctx.pathParam("bankCode"));
    if (bank == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    BdcMessage probe = new BdcMessage().head("TxCode", ctx.pathParam("txCode"));
    if (bank.behaviour().down()) {
      answer(ctx, bank, 503, bank.reply(probe, ReturnCodes.NOT_ACCEPTED));
      return;
    }
    Optional<TxCode> code = TxCode.find(ctx.pathParam("txCode"));
    if (code.isEmpty() || code.get() == TxCode.SBDC100) {
      answer(ctx, bank, 400, bank.reply(probe, ReturnCodes.UNKNOWN_TRANSACTION));
      return;
    }
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String node = ctx.request().getHeader(JsonBankClient.CENTER_NODE);
    String timestamp = ctx.request().getHeader(JsonBankClient.TIMESTAMP);
    String nonce = ctx.request().getHeader(JsonBankClient.NONCE);
    String signature = ctx.request().getHeader(JsonBankClient.SIGNATURE);
    if (node == null || timestamp == null || !timestamp.matches("[0-9]{1,15}") || nonce == null || signature == null
        || Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > WINDOW_MS) {
      answer(ctx, bank, 401, bank.reply(probe, ReturnCodes.SIGNATURE_INVALID));
      return;
    }
    CanonicalRequest canonical = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", ctx.request().path(),
        ctx.request().query(), node, timestamp, nonce, body);
    vertx.executeBlocking(() -> canonical.verifySm2(centerKey, signature), false).onComplete(verified -> {
      if (verified.failed() || !verified.result() || !firstUse(node + ":" + nonce)) {
        answer(ctx, bank, 401, bank.reply(probe, ReturnCodes.SIGNATURE_INVALID));
        return;
      }
      BdcMessage request;
      try {
        request = JsonMessages.fromJson(new JsonObject(Buffer.buffer(body)));
      } catch (RuntimeException e) {
        answer(ctx, bank, 400, bank.reply(probe, ReturnCodes.FORMAT_ERROR));
        return;
      }
      bank.serve(code.get(), request).onSuccess(reply -> answer(ctx, bank, 200, reply))
          .onFailure(e -> ctx.response().reset());
    });
  }

  private boolean firstUse(String nonce) {
    synchronized (nonces) {
      return nonces.putIfAbsent(nonce, System.currentTimeMillis()) == null;
    }
  }

  /** Every answer signed with the bank's key, as the platform signs its own answers to banks. */
  private void answer(RoutingContext ctx, SimulatedBank bank, int status, BdcMessage message) {
    Buffer body = JsonMessages.toJson(message).toBuffer();
    String requestId = UUID.randomUUID().toString();
    String timestamp = String.valueOf(System.currentTimeMillis());
    CanonicalResponse canonical = new CanonicalResponse(status, requestId, timestamp, body.getBytes());
    Future<String> signed = vertx.executeBlocking(() -> canonical.sign(bankKeys.get(bank.bankCode())), false);
    signed.onSuccess(signature -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader(JsonBankClient.REQUEST_ID, requestId).putHeader(JsonBankClient.TIMESTAMP, timestamp)
        .putHeader(JsonBankClient.SIGNATURE, signature).end(body))
        .onFailure(e -> ctx.response().reset());
  }
}
