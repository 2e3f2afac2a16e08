package hpf.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** SM2 key pairs: generation, and PEM in the formats OpenSSL 3 reads and writes (PKCS#8, SubjectPublicKeyInfo). */
public final class Sm2Keys {

  private Sm2Keys() {}

  public record Private(ECPrivateKeyParameters parameters) {
    public Public publicKey() {
      ECPoint q = Sm2.DOMAIN.getG().multiply(parameters.getD()).normalize();
      return new Public(new ECPublicKeyParameters(q, Sm2.DOMAIN));
    }

    @Override
    public String toString() {
      return "Sm2Keys.Private[redacted]";
    }
  }

  public record Public(ECPublicKeyParameters parameters) {
    /** Uncompressed point {@code 04 ‖ x ‖ y}, 65 bytes. */
    public byte[] encoded() {
      return parameters.getQ().getEncoded(false);
    }

    public static Public fromEncoded(byte[] point) {
      try {
        return new Public(new ECPublicKeyParameters(Sm2.DOMAIN.getCurve().decodePoint(point).normalize(), Sm2.DOMAIN));
      } catch (RuntimeException e) {
        throw new CryptoException("not an SM2 public key point");
      }
    }
  }

  public record Pair(Private privateKey, Public publicKey) {}

  public static Pair generate() {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(Sm2.DOMAIN, new SecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new Pair(new Private((ECPrivateKeyParameters) pair.getPrivate()),
        new Public((ECPublicKeyParameters) pair.getPublic()));
  }

  /**
   * A key derived from seed text: for published sandbox/demo credentials only, which anyone can recompute.
   * d = SM3(seed) mod (n - 1) + 1.
   */
  public static Private fromSeed(String seed) {
    BigInteger digest = new BigInteger(1, Sm3.digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    BigInteger d = digest.mod(Sm2.DOMAIN.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    return new Private(new ECPrivateKeyParameters(d, Sm2.DOMAIN));
  }

  public static Private privateFromHex(String hex) {
    return new Private(new ECPrivateKeyParameters(new BigInteger(hex, 16), Sm2.DOMAIN));
  }

  public static Private privateFromPem(String pem) {
    PemObject object = read(pem, "PRIVATE KEY");
    try {
      return new Private(onSm2Curve((ECPrivateKeyParameters) ecKey(PrivateKeyFactory.createKey(
          PrivateKeyInfo.getInstance(object.getContent())))));
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("not an SM2 private key (PKCS#8 PEM expected)", e);
    }
  }

  public static Public publicFromPem(String pem) {
    PemObject object = read(pem, "PUBLIC KEY");
    try {
      return new Public(onSm2Curve((ECPublicKeyParameters) ecKey(PublicKeyFactory.createKey(
          SubjectPublicKeyInfo.getInstance(object.getContent())))));
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("not an SM2 public key (SubjectPublicKeyInfo PEM expected)", e);
    }
  }

  public static String toPem(Private key) {
    try {
      return write(new PemObject("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key.parameters()).getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String toPem(Public key) {
    try {
      return write(new PemObject("PUBLIC KEY",
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.parameters()).getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AsymmetricKeyParameter ecKey(AsymmetricKeyParameter key) {
    if (!(key instanceof ECPrivateKeyParameters) && !(key instanceof ECPublicKeyParameters)) {
      throw new CryptoException("not an elliptic-curve key");
    }
    return key;
  }

  /**
   * Keys of other curves (P-256 ...) are refused: a signature on the wrong curve proves nothing here. An SM2 key is
   * rebuilt on {@link Sm2#DOMAIN}, whatever object the decoder put it on, so every key shares the one dedicated curve.
   */
  private static ECPrivateKeyParameters onSm2Curve(ECPrivateKeyParameters key) {
    requireSm2Curve(key);
    return new ECPrivateKeyParameters(key.getD(), Sm2.DOMAIN);
  }

  private static ECPublicKeyParameters onSm2Curve(ECPublicKeyParameters key) {
    requireSm2Curve(key);
    return new ECPublicKeyParameters(key.getQ(), Sm2.DOMAIN);
  }

  private static void requireSm2Curve(org.bouncycastle.crypto.params.ECKeyParameters key) {
    if (!key.getParameters().getCurve().equals(Sm2.DOMAIN.getCurve())
        || !key.getParameters().getG().equals(Sm2.DOMAIN.getG())) {
      throw new CryptoException("the key is not on the SM2 curve");
    }
  }

  private static PemObject read(String pem, String type) {
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject object = reader.readPemObject();
      if (object == null || !type.equals(object.getType())) {
        throw new CryptoException("expected a PEM block of type " + type);
      }
      return object;
    } catch (IOException e) {
      throw new CryptoException("unreadable PEM", e);
    }
  }

  private static String write(PemObject object) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
