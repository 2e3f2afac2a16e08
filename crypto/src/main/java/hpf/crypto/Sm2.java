package hpf.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * SM2 (GB/T 32918) on the recommended curve sm2p256v1: signatures over SM3 with an explicit user id
 * (never an implicit default), in DER or raw {@code r ‖ s} (64 bytes), and public-key encryption in the
 * standard's C1C3C2 order.
 */
public final class Sm2 {

  /** The user id both sides use unless a partner's protocol names another. Always passed explicitly. */
  public static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
  public static final int RAW_SIGNATURE_BYTES = 64;
  /**
   * The one SM2 domain every key of the platform is built on. BouncyCastle's dedicated curve
   * ({@code SM2P256V1Curve}, from {@code CustomNamedCurves}: the field arithmetic specialised to the SM2 prime)
   * verifies about six times faster than the generic {@code ECCurve.Fp} that {@code GMNamedCurves} builds from the
   * same numbers; points, scalars, encodings and signatures are the same on both. Named (not explicit) parameters,
   * so keys encode with the curve's OID as OpenSSL expects.
   */
  static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));
  /** The order n of the base point: a private key is a scalar in [1, n - 1]. */
  public static final BigInteger ORDER = DOMAIN.getN();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sm2() {}

  /** A signature encoding: DER (ASN.1 SEQUENCE of r, s, as OpenSSL writes it) or raw r ‖ s. */
  public enum Encoding { DER, RAW }

  public static byte[] sign(Sm2Keys.Private key, byte[] userId, byte[] message, Encoding encoding) {
    return sign(key.parameters(), userId, message, encoding, RANDOM);
  }

  /** Visible for the standard's known-answer test, which fixes the curve and the random k. */
  static byte[] sign(ECPrivateKeyParameters key, byte[] userId, byte[] message, Encoding encoding,
                     SecureRandom random) {
    SM2Signer signer = new SM2Signer(encoding == Encoding.DER ? StandardDSAEncoding.INSTANCE : PlainDSAEncoding.INSTANCE);
    signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), userId));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("SM2 signing failed", e);
    }
  }

  /** False for a wrong key, message, user id, or a malformed signature; never throws on bad input. */
  public static boolean verify(Sm2Keys.Public key, byte[] userId, byte[] message, byte[] signature,
                               Encoding encoding) {
    return verify(key.parameters(), userId, message, signature, encoding);
  }

  static boolean verify(ECPublicKeyParameters key, byte[] userId, byte[] message, byte[] signature,
                        Encoding encoding) {
    if (encoding == Encoding.RAW && signature.length != RAW_SIGNATURE_BYTES) {
      return false;
    }
    SM2Signer signer = new SM2Signer(encoding == Encoding.DER ? StandardDSAEncoding.INSTANCE : PlainDSAEncoding.INSTANCE);
    signer.init(false, new ParametersWithID(key, userId));
    signer.update(message, 0, message.length);
    try {
      return signer.verifySignature(signature);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /** Encrypts to the holder of the private key; output C1 ‖ C3 ‖ C2 (GB/T 32918.4 order). */
  public static byte[] encrypt(Sm2Keys.Public key, byte[] plaintext) {
    SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
    engine.init(true, new ParametersWithRandom(key.parameters(), RANDOM));
    try {
      return engine.processBlock(plaintext, 0, plaintext.length);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM2 encryption failed", e);
    }
  }

  public static byte[] decrypt(Sm2Keys.Private key, byte[] ciphertext) {
    SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
    engine.init(false, key.parameters());
    try {
      return engine.processBlock(ciphertext, 0, ciphertext.length);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new hpf.crypto.CryptoException("SM2 decryption failed");
    }
  }
}
