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

  /** Longest base64 text of an SM2 DER signature (two 33-byte integers in a sequence: 72 bytes, 96 characters). */
  static final int MAX_SIGNATURE_CHARS = 128;

  /**
   * True when the document's signature verifies with the public key its keyId names (null = unknown key). The
   * cheap checks (algorithm, user id, signature text, key) come before the content is canonicalised, so a document
   * that cannot verify costs no more than reading it.
   */
  public static boolean verify(Map<?, ?> document, Function<String, Sm2Keys.Public> keys) {
    try {
      if (!(document.get("signature") instanceof Map<?, ?> signature) || !(document.get("content") instanceof Map<?, ?>)) {
        return false;
      }
      if (!"SM2-SM3".equals(signature.get("alg"))) {
        return false;
      }
      // The user id is part of the format, not the signer's choice: anything else does not verify.
      if (!new String(Sm2.DEFAULT_USER_ID, StandardCharsets.US_ASCII).equals(signature.get("userId"))) {
        return false;
      }
      if (!(signature.get("value") instanceof String value) || value.isEmpty() || value.length() > MAX_SIGNATURE_CHARS
          || !(signature.get("keyId") instanceof String keyId) || keyId.length() > 64) {
        return false;
      }
      byte[] der = Base64.getDecoder().decode(value);
      Sm2Keys.Public key = keys.apply(keyId);
      if (key == null) {
        return false;
      }
      byte[] signed = CanonicalJson.write(document.get("content")).getBytes(StandardCharsets.UTF_8);
      return Sm2.verify(key, Sm2.DEFAULT_USER_ID, signed, der, Sm2.Encoding.DER);
    } catch (RuntimeException malformed) {
      return false;
    }
  }
}
