package hpf.crypto;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An SM2 public key as a partner hands it over: a SubjectPublicKeyInfo PEM on the named curve sm2p256v1 (what
 * OpenSSL 3 writes), or the point in hex ({@code 04‖x‖y}, {@code x‖y}, or compressed). Strict and cheap on
 * purpose: the text is capped before anything is decoded, only the named curve is accepted (explicit curve
 * parameters could make a crafted key cost unbounded work), and the point must lie on the curve.
 */
public final class Sm2PublicKeyText {

  /** Longest text accepted; an SM2 public key PEM is about 180 characters. */
  public static final int MAX_CHARS = 1024;
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";
  private static final Pattern HEX = Pattern.compile("(04)?[0-9a-fA-F]{128}|0[23][0-9a-fA-F]{64}");
  private static final Pattern BASE64_BODY = Pattern.compile("[A-Za-z0-9+/=\\s]{1,400}");
  private static final int MAX_DER_BYTES = 200;

  private Sm2PublicKeyText() {}

  /** The key, or a {@link CryptoException} saying in plain words what is wrong with the text. */
  public static Sm2Keys.Public parse(String text) {
    if (text == null || text.isBlank()) {
      throw new CryptoException("no public key given");
    }
    if (text.length() > MAX_CHARS) {
      throw new CryptoException("the public key text is longer than " + MAX_CHARS + " characters");
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("-----")) {
      return fromPem(trimmed);
    }
    if (!HEX.matcher(trimmed).matches()) {
      throw new CryptoException("neither a PEM public key nor an SM2 point in hex (130, 128 or 66 hex digits)");
    }
    String point = trimmed.length() == 128 ? "04" + trimmed : trimmed;
    return Sm2Keys.Public.fromEncoded(HexFormat.of().parseHex(point));
  }

  private static Sm2Keys.Public fromPem(String pem) {
    if (!pem.startsWith(BEGIN) || !pem.endsWith(END)) {
      throw new CryptoException("a PEM public key must be one PUBLIC KEY block");
    }
    String body = pem.substring(BEGIN.length(), pem.length() - END.length());
    if (!BASE64_BODY.matcher(body).matches()) {
      throw new CryptoException("the PEM block holds characters that are not base64");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("the PEM block is not valid base64");
    }
    if (der.length > MAX_DER_BYTES) {
      throw new CryptoException("the PEM block is too long for an SM2 public key");
    }
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new CryptoException("the PEM block is not a SubjectPublicKeyInfo");
    }
    ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
    boolean namedSm2 = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)
        && GMObjectIdentifiers.sm2p256v1.equals(info.getAlgorithm().getParameters());
    if (!namedSm2) {
      throw new CryptoException("not an SM2 key: the named curve sm2p256v1 (OID 1.2.156.10197.1.301) is required");
    }
    return Sm2Keys.Public.fromEncoded(info.getPublicKeyData().getBytes());
  }
}
