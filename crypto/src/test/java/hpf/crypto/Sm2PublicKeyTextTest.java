package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;

/** Public keys given by partners: the forms accepted, and crafted or foreign keys refused cheaply. */
class Sm2PublicKeyTextTest {

  @Test
  void pemAndEveryHexFormOfTheSameKeyParseToIt() {
    Sm2Keys.Public key = Sm2Keys.generate().publicKey();
    byte[] point = key.encoded();
    String hex = HexFormat.of().formatHex(point);
    String compressed = HexFormat.of().formatHex(key.parameters().getQ().getEncoded(true));
    for (String text : new String[] {Sm2Keys.toPem(key), "  " + Sm2Keys.toPem(key) + "\n", hex, hex.substring(2),
        hex.toUpperCase(), compressed}) {
      assertThat(Sm2PublicKeyText.parse(text).encoded()).as(text).isEqualTo(point);
    }
  }

  @Test
  void aPointOffTheCurveIsRefused() {
    byte[] point = Sm2Keys.generate().publicKey().encoded();
    point[64] ^= 1;
    assertThatThrownBy(() -> Sm2PublicKeyText.parse(HexFormat.of().formatHex(point)))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void keysOfOtherCurvesAndExplicitParametersAreRefused() throws Exception {
    X9ECParameters p256 = ECNamedCurveTable.getByName("secp256r1");
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(
        new org.bouncycastle.crypto.params.ECNamedDomainParameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1, p256), new java.security.SecureRandom()));
    var foreign = (ECPublicKeyParameters) generator.generateKeyPair().getPublic();
    String pem = pem(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(foreign).getEncoded());
    assertThatThrownBy(() -> Sm2PublicKeyText.parse(pem)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("sm2p256v1");
    // The SM2 point with the curve spelled out (explicit parameters): refused, whatever the parameters say.
    Sm2Keys.Public sm2 = Sm2Keys.generate().publicKey();
    ECPublicKeyParameters explicit = new ECPublicKeyParameters(sm2.parameters().getQ(),
        new ECDomainParameters(sm2.parameters().getParameters().getCurve(), sm2.parameters().getParameters().getG(),
            sm2.parameters().getParameters().getN()));
    String explicitPem = pem(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(explicit).getEncoded());
    assertThatThrownBy(() -> Sm2PublicKeyText.parse(explicitPem)).isInstanceOf(CryptoException.class);
  }

  @Test
  void oversizedAndMalformedTextIsRefusedBeforeDecoding() {
    assertThatThrownBy(() -> Sm2PublicKeyText.parse("A".repeat(2_000_000))).hasMessageContaining("longer than");
    String huge = "-----BEGIN PUBLIC KEY-----\n" + "QUFB".repeat(240) + "\n-----END PUBLIC KEY-----";
    assertThatThrownBy(() -> Sm2PublicKeyText.parse(huge)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm2PublicKeyText.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm2PublicKeyText.parse("-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----"))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm2PublicKeyText.parse("04" + "00".repeat(64))).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm2PublicKeyText.parse("xyz")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm2PublicKeyText.parse(" ")).isInstanceOf(CryptoException.class);
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----";
  }
}
