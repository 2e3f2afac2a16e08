package hpf.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * SM2 keys built the way the platform once built hex, seed and generated keys: on the generic {@code ECCurve.Fp}
 * that {@code GMNamedCurves} makes from the sm2p256v1 numbers. For compatibility tests and the benchmark only.
 */
public final class GenericCurveSm2 {

  public static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, GMNamedCurves.getByName("sm2p256v1"));

  private GenericCurveSm2() {}

  public static Sm2Keys.Private privateKey(BigInteger d) {
    return new Sm2Keys.Private(new ECPrivateKeyParameters(d, DOMAIN));
  }

  public static Sm2Keys.Public publicKey(BigInteger d) {
    return new Sm2Keys.Public(new ECPublicKeyParameters(DOMAIN.getG().multiply(d).normalize(), DOMAIN));
  }
}
