package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A document anyone can verify (缴存证明, 结清证明, evidence records): {@code {"content": {...},
 * "signature": {"alg": "SM2-SM3", "keyId": "...", "userId": "1234567812345678", "value": "<base64 DER>"}}}.
 * The signature covers the {@link CanonicalJson} of {@code content} only, so the document may be
 * re-formatted in transit and still verify.
 */
public final class SignedDocument {

  private SignedDocument() {}

  public static Map<String, Object> sign(Map<String, Object> content, String keyId, Sm2Keys.Private key) {
    byte[] signed = CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("alg", "SM2-SM3");
    signature.put("keyId", keyId);
    signature.put("userId", new String(Sm2.DEFAULT_USER_ID, StandardCharsets.US_ASCII));
    signature.put("value", Base64.getEncoder().encodeToString(Sm2.sign(key, Sm2.DEFAULT_USER_ID, signed, Sm2.Encoding.DER)));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("content", content);
    document.put("signature", signature);
    return document;
  }

  /** True when the document's signature verifies with the public key its keyId names (null = unknown key). */
  public static boolean verify(Map<?, ?> document, Function<String, Sm2Keys.Public> keys) {
    try {
      Map<?, ?> signature = (Map<?, ?>) document.get("signature");
      if (!"SM2-SM3".equals(signature.get("alg"))) {
        return false;
      }
      Sm2Keys.Public key = keys.apply((String) signature.get("keyId"));
      if (key == null) {
        return false;
      }
      // The user id is part of the format, not the signer's choice: anything else does not verify.
      if (!new String(Sm2.DEFAULT_USER_ID, StandardCharsets.US_ASCII).equals(signature.get("userId"))) {
        return false;
      }
      byte[] userId = Sm2.DEFAULT_USER_ID;
      byte[] signed = CanonicalJson.write(document.get("content")).getBytes(StandardCharsets.UTF_8);
      return Sm2.verify(key, userId, signed, Base64.getDecoder().decode((String) signature.get("value")), Sm2.Encoding.DER);
    } catch (RuntimeException malformed) {
      return false;
    }
  }
}
