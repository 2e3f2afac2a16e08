package hpf.channel;

import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;

/**
 * Bank listener operations of the foundation: the platform's public key (so banks can verify every signed
 * answer) and a signed heartbeat banks use to check keys, clock and connectivity. Settlement adds the rest.
 */
public final class BankOperations {

  /** Readable without a signature: a bank needs it before it can check anything. */
  public static final String PLATFORM_KEY_PATH = "/v1/platform-key";

  private final ResponseSigner signer;

  public BankOperations(ResponseSigner signer) {
    this.signer = signer;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getPlatformKey", ctx -> signer.json(ctx, 200, new JsonObject().put("keyId", signer.keyId())
            .put("algorithm", "SM2-SM3").put("userId", "1234567812345678")
            .put("publicKeyPem", signer.publicKeyPem())),
        "getBankHeartbeat", ctx -> signer.json(ctx, 200, new JsonObject()
            .put("bankCode", Requests.caller(ctx).id())
            .put("serverTime", Instant.now().toString())
            .put("keyId", signer.keyId())));
  }
}
