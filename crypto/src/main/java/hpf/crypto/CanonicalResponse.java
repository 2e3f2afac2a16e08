package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What the platform signs on its answers to partners (bank listener), so a bank can prove which answer it got:
 * these lines joined by {@code \n}: {@code HPF1-SM2-SM3-RESPONSE}, the HTTP status, the X-Request-Id header, the
 * X-HPF-Timestamp header (Unix ms), and lower-case hex SM3 of the body. The X-HPF-Signature header is base64
 * DER SM2 (user id 1234567812345678) by the key the X-HPF-Key-Id header names.
 */
public record CanonicalResponse(int status, String requestId, String timestamp, byte[] body) {

  public static final String SCHEME = "HPF1-SM2-SM3-RESPONSE";

  public String text() {
    return String.join("\n", SCHEME, String.valueOf(status), requestId, timestamp,
        HexFormat.of().formatHex(Sm3.digest(body == null ? new byte[0] : body)));
  }

  public String sign(Sm2Keys.Private key) {
    return Base64.getEncoder().encodeToString(
        Sm2.sign(key, Sm2.DEFAULT_USER_ID, text().getBytes(StandardCharsets.UTF_8), Sm2.Encoding.DER));
  }

  public boolean verify(Sm2Keys.Public key, String signature) {
    try {
      return Sm2.verify(key, Sm2.DEFAULT_USER_ID, text().getBytes(StandardCharsets.UTF_8),
          Base64.getDecoder().decode(signature), Sm2.Encoding.DER);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
