package hpf.load;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A demo channel app of the sandbox run and its published credentials (docs/sandbox.md): SM2 key from
 * {@code "hpf-sandbox-demo:" + appId}, HMAC-SM3 secret {@code "hpf-sandbox-secret:" + appId} for the counter.
 * Signs exactly as the platform verifies, through the crypto module's {@link CanonicalRequest}.
 */
enum ChannelApp {
  ONLINE_HALL("demo-online-hall", true),
  MOBILE("demo-mobile", true),
  MINI_PROGRAM("demo-mini-program", true),
  KIOSK("demo-kiosk", true),
  COUNTER("demo-counter", false);

  private static final SecureRandom RANDOM = new SecureRandom();

  final String appId;
  private final boolean sm2;
  // Derived once: deriving an SM2 key per request would cost the load generator as much as signing.
  private final Sm2Keys.Private privateKey;
  private final byte[] hmacSecret;

  ChannelApp(String appId, boolean sm2) {
    this.appId = appId;
    this.sm2 = sm2;
    this.privateKey = sm2 ? Sm2Keys.fromSeed("hpf-sandbox-demo:" + appId) : null;
    this.hmacSecret = ("hpf-sandbox-secret:" + appId).getBytes(StandardCharsets.UTF_8);
  }

  static ChannelApp byAppId(String appId) {
    for (ChannelApp app : values()) {
      if (app.appId.equals(appId)) {
        return app;
      }
    }
    throw new IllegalArgumentException("no demo app " + appId);
  }

  /** The four X-HPF headers of one request; a fresh nonce each time. */
  Map<String, String> signatureHeaders(String method, String rawPath, String rawQuery, byte[] body) {
    String timestamp = String.valueOf(System.currentTimeMillis());
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    CanonicalRequest canonical = new CanonicalRequest(sm2 ? CanonicalRequest.SM2_SCHEME : CanonicalRequest.HMAC_SCHEME,
        method, rawPath, rawQuery, appId, timestamp, nonce, body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-HPF-App-Id", appId);
    headers.put("X-HPF-Timestamp", timestamp);
    headers.put("X-HPF-Nonce", nonce);
    headers.put("X-HPF-Signature", sm2 ? canonical.signSm2(privateKey) : canonical.signHmac(hmacSecret));
    return headers;
  }
}
