package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact session tokens, signed with SM2:
 * {@code base64url(header) "." base64url(claims) "." base64url(signature)}, no padding, where header and
 * claims are {@link CanonicalJson}, header = {@code {"alg":"SM2-SM3","kid":"<ring>:<version>","typ":"HPF1"}},
 * claims = {@code sub, kind (member|employer|staff), roles, aud, app (the channel app the session belongs to), sid,
 * iat, exp} (epoch seconds), and the
 * signature is raw r ‖ s (64 bytes) with user id 1234567812345678 over the ASCII of
 * {@code base64url(header) "." base64url(claims)}.
 */
public final class SignedToken {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private SignedToken() {}

  /** What a verified token says. */
  public record Claims(String subject, String kind, List<String> roles, String audience, String app, String sessionId,
                       Instant issuedAt, Instant expiresAt) {

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("sub", subject);
      map.put("kind", kind);
      map.put("roles", roles);
      map.put("aud", audience);
      map.put("app", app);
      map.put("sid", sessionId);
      map.put("iat", issuedAt.getEpochSecond());
      map.put("exp", expiresAt.getEpochSecond());
      return map;
    }
  }

  /** Why a token was refused; each maps to its own 401 code at the edge. */
  public enum Rejection { MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, WRONG_AUDIENCE }

  public static final class Rejected extends RuntimeException {
    private final Rejection reason;

    Rejected(Rejection reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    public Rejection reason() {
      return reason;
    }
  }

  public static String issue(Claims claims, KeyRing<Sm2Keys.Private> keys) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "SM2-SM3");
    header.put("kid", keys.id() + ":" + keys.currentVersion());
    header.put("typ", "HPF1");
    String signingInput = part(CanonicalJson.write(header)) + "." + part(CanonicalJson.write(claims.toMap()));
    byte[] signature = Sm2.sign(keys.current(), Sm2.DEFAULT_USER_ID,
        signingInput.getBytes(StandardCharsets.US_ASCII), Sm2.Encoding.RAW);
    return signingInput + "." + ENCODER.encodeToString(signature);
  }

  /** Verifies signature, key, audience and expiry (with no leeway) and returns the claims. */
  public static Claims verify(String token, KeyRing<Sm2Keys.Public> keys, String audience, Instant now) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Rejected(Rejection.MALFORMED);
    }
    Map<String, Object> header = object(parts[0]);
    Map<String, Object> claims = object(parts[1]);
    byte[] signature = bytes(parts[2]);
    Object kid = header.get("kid");
    if (!"SM2-SM3".equals(header.get("alg")) || !(kid instanceof String k) || !k.startsWith(keys.id() + ":")) {
      throw new Rejected(Rejection.UNKNOWN_KEY);
    }
    Sm2Keys.Public key;
    try {
      key = keys.version(Integer.parseInt(k.substring(keys.id().length() + 1)));
    } catch (NumberFormatException | CryptoException e) {
      throw new Rejected(Rejection.UNKNOWN_KEY);
    }
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!Sm2.verify(key, Sm2.DEFAULT_USER_ID, signingInput, signature, Sm2.Encoding.RAW)) {
      throw new Rejected(Rejection.BAD_SIGNATURE);
    }
    Claims parsed = claims(claims);
    if (!now.isBefore(parsed.expiresAt())) {
      throw new Rejected(Rejection.EXPIRED);
    }
    if (!audience.equals(parsed.audience())) {
      throw new Rejected(Rejection.WRONG_AUDIENCE);
    }
    return parsed;
  }

  private static Claims claims(Map<String, Object> m) {
    try {
      List<String> roles = new ArrayList<>();
      for (Object role : (List<?>) m.get("roles")) {
        roles.add((String) role);
      }
      return new Claims((String) m.get("sub"), (String) m.get("kind"), List.copyOf(roles), (String) m.get("aud"),
          (String) m.get("app"), (String) m.get("sid"), Instant.ofEpochSecond((Long) m.get("iat")), Instant.ofEpochSecond((Long) m.get("exp")));
    } catch (RuntimeException e) {
      throw new Rejected(Rejection.MALFORMED);
    }
  }

  private static String part(String json) {
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String part) {
    try {
      Object parsed = CanonicalJson.parse(new String(bytes(part), StandardCharsets.UTF_8));
      if (parsed instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
    } catch (CryptoException e) {
      // reported below
    }
    throw new Rejected(Rejection.MALFORMED);
  }

  private static byte[] bytes(String part) {
    try {
      return DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      throw new Rejected(Rejection.MALFORMED);
    }
  }
}
