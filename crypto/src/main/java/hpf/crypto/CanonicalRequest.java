package hpf.crypto;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a channel app signs. The canonical request is these lines joined by {@code \n}, no trailing newline:
 *
 * <pre>
 * scheme        HPF1-SM2-SM3 or HPF1-HMAC-SM3
 * method        upper case, e.g. POST
 * path          exactly as sent, percent-encoding kept, e.g. /v1/service-items/TQ03
 * query         parameters decoded as servers decode them ('+' is a space), re-encoded per RFC 3986 (unreserved
 *               kept, rest %XX upper case), sorted by name, joined name=value with &amp;; empty when there is
 *               none. A repeated parameter name or a malformed %-escape makes the request unsignable.
 * app id        the X-HPF-App-Id header
 * timestamp     the X-HPF-Timestamp header: Unix epoch milliseconds, decimal
 * nonce         the X-HPF-Nonce header: 16-64 characters [A-Za-z0-9_-], never reused
 * body digest   lower-case hex SM3 of the body bytes (of the empty input when there is no body)
 * </pre>
 *
 * The signature (X-HPF-Signature, base64) is SM2 over SM3 with user id 1234567812345678 in DER, or
 * HMAC-SM3 with the app's secret, of the UTF-8 bytes of the canonical request.
 */
public record CanonicalRequest(String scheme, String method, String path, String rawQuery, String appId,
                               String timestamp, String nonce, byte[] body) {

  public static final String SM2_SCHEME = "HPF1-SM2-SM3";
  public static final String HMAC_SCHEME = "HPF1-HMAC-SM3";

  public String text() {
    return String.join("\n", scheme, method.toUpperCase(java.util.Locale.ROOT), path, canonicalQuery(rawQuery),
        appId, timestamp, nonce, HexFormat.of().formatHex(Sm3.digest(body == null ? new byte[0] : body)));
  }

  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  public String signSm2(Sm2Keys.Private key) {
    return Base64.getEncoder().encodeToString(Sm2.sign(key, Sm2.DEFAULT_USER_ID, bytes(), Sm2.Encoding.DER));
  }

  public String signHmac(byte[] secret) {
    return Base64.getEncoder().encodeToString(Sm3.hmac(secret, bytes()));
  }

  public boolean verifySm2(Sm2Keys.Public key, String signature) {
    return verifySm2(key, bytes(), signature);
  }

  public boolean verifyHmac(byte[] secret, String signature) {
    return verifyHmac(secret, bytes(), signature);
  }

  /** Verifies against canonical bytes computed once by the caller. */
  public static boolean verifySm2(Sm2Keys.Public key, byte[] canonical, String signature) {
    byte[] sig = base64(signature);
    return sig != null && Sm2.verify(key, Sm2.DEFAULT_USER_ID, canonical, sig, Sm2.Encoding.DER);
  }

  public static boolean verifyHmac(byte[] secret, byte[] canonical, String signature) {
    byte[] sig = base64(signature);
    // Constant time: the comparison must not reveal how many leading bytes matched.
    return sig != null && java.security.MessageDigest.isEqual(Sm3.hmac(secret, canonical), sig);
  }

  private static byte[] base64(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    // Some servers also split on ';': a raw one would be read differently than it is signed.
    if (rawQuery.indexOf(';') >= 0) {
      throw new CryptoException("a raw ';' in the query is ambiguous; encode it as %3B");
    }
    List<String[]> pairs = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = encode(urlDecode(eq < 0 ? part : part.substring(0, eq)));
      String value = encode(urlDecode(eq < 0 ? "" : part.substring(eq + 1)));
      // Servers read the first of repeated values: reordering them would change the request, not the signature.
      if (!names.add(name)) {
        throw new CryptoException("query parameter " + name + " is repeated");
      }
      pairs.add(new String[] {name, value});
    }
    pairs.sort((a, b) -> a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** As the server decodes: '+' is a space; a malformed escape is refused. */
  private static String urlDecode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("malformed %-escape in the query");
    }
  }

  /** RFC 3986: unreserved characters as they are, every other byte as %XX in upper case. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
