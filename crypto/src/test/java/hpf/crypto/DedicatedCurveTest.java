package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.gm.SM2P256V1Curve;
import org.junit.jupiter.api.Test;

/**
 * Every way of making an SM2 key lands on BouncyCastle's dedicated curve, and nothing about keys, tokens or
 * signatures changed with it: what the generic-curve construction made verifies now, and the other way round.
 */
class DedicatedCurveTest {

  private static final String HEX_KEY = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
  private static final byte[] MESSAGE = "GET /v1/members/P00000001".getBytes(StandardCharsets.US_ASCII);
  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
  private static final SignedToken.Claims CLAIMS = new SignedToken.Claims("P00000001", "member", List.of(), "public",
      "demo-mobile", "s-1", NOW, NOW.plusSeconds(900));

  @Test
  void everyConstructionIsOnTheDedicatedCurve() {
    Sm2Keys.Pair generated = Sm2Keys.generate();
    Sm2Keys.Private fromHex = Sm2Keys.privateFromHex(HEX_KEY);
    List<ECKeyParameters> keys = List.of(generated.privateKey().parameters(), generated.publicKey().parameters(),
        fromHex.parameters(), fromHex.publicKey().parameters(), Sm2Keys.fromSeed("demo").parameters(),
        Sm2Keys.privateFromPem(Sm2Keys.toPem(fromHex)).parameters(),
        Sm2Keys.publicFromPem(Sm2Keys.toPem(fromHex.publicKey())).parameters(),
        Sm2Keys.Public.fromEncoded(fromHex.publicKey().encoded()).parameters(),
        Sm2PublicKeyText.parse(Sm2Keys.toPem(fromHex.publicKey())).parameters());
    for (ECKeyParameters key : keys) {
      assertThat(key.getParameters().getCurve()).isInstanceOf(SM2P256V1Curve.class);
      assertThat(key.getParameters().getG().getCurve()).isInstanceOf(SM2P256V1Curve.class);
      assertThat(key.getParameters()).isSameAs(Sm2.DOMAIN);
    }
    assertThat(Sm2.ORDER).isEqualTo(GenericCurveSm2.DOMAIN.getN());
    assertThat(GenericCurveSm2.DOMAIN.getCurve()).isNotInstanceOf(SM2P256V1Curve.class).isInstanceOf(ECCurve.Fp.class);
  }

  @Test
  void keyEncodingsAreByteForByteTheSame() {
    BigInteger d = new BigInteger(HEX_KEY, 16);
    Sm2Keys.Private dedicated = Sm2Keys.privateFromHex(HEX_KEY);
    Sm2Keys.Private generic = GenericCurveSm2.privateKey(d);
    assertThat(Sm2Keys.toPem(dedicated)).isEqualTo(Sm2Keys.toPem(generic));
    assertThat(Sm2Keys.toPem(dedicated.publicKey())).isEqualTo(Sm2Keys.toPem(GenericCurveSm2.publicKey(d)));
    assertThat(dedicated.publicKey().encoded()).isEqualTo(GenericCurveSm2.publicKey(d).encoded());
    assertThat(HexFormat.of().formatHex(dedicated.parameters().getD().toByteArray())).endsWith(HEX_KEY);
  }

  @Test
  void signaturesCrossBetweenTheGenericAndTheDedicatedCurve() {
    BigInteger d = new BigInteger(HEX_KEY, 16);
    Sm2Keys.Private dedicated = Sm2Keys.privateFromHex(HEX_KEY);
    for (Sm2.Encoding encoding : Sm2.Encoding.values()) {
      byte[] oldSignature = Sm2.sign(GenericCurveSm2.privateKey(d), Sm2.DEFAULT_USER_ID, MESSAGE, encoding);
      byte[] newSignature = Sm2.sign(dedicated, Sm2.DEFAULT_USER_ID, MESSAGE, encoding);
      assertThat(Sm2.verify(dedicated.publicKey(), Sm2.DEFAULT_USER_ID, MESSAGE, oldSignature, encoding)).isTrue();
      assertThat(Sm2.verify(GenericCurveSm2.publicKey(d), Sm2.DEFAULT_USER_ID, MESSAGE, newSignature, encoding)).isTrue();
      byte[] other = "GET /v1/members/P00000002".getBytes(StandardCharsets.US_ASCII);
      assertThat(Sm2.verify(dedicated.publicKey(), Sm2.DEFAULT_USER_ID, other, oldSignature, encoding)).isFalse();
      assertThat(Sm2.verify(GenericCurveSm2.publicKey(d), Sm2.DEFAULT_USER_ID, other, newSignature, encoding)).isFalse();
    }
  }

  @Test
  void sessionTokensCrossBetweenTheGenericAndTheDedicatedCurve() {
    BigInteger d = new BigInteger(HEX_KEY, 16);
    KeyRing<Sm2Keys.Private> oldSigning = new KeyRing<>("session", Map.of(1, GenericCurveSm2.privateKey(d)), 1);
    KeyRing<Sm2Keys.Public> oldVerifying = new KeyRing<>("session", Map.of(1, GenericCurveSm2.publicKey(d)), 1);
    KeyRing<Sm2Keys.Private> signing = new KeyRing<>("session", Map.of(1, Sm2Keys.privateFromHex(HEX_KEY)), 1);
    KeyRing<Sm2Keys.Public> verifying = signing.map(Sm2Keys.Private::publicKey);
    String oldToken = SignedToken.issue(CLAIMS, oldSigning);
    String newToken = SignedToken.issue(CLAIMS, signing);
    assertThat(SignedToken.verify(oldToken, verifying, "public", NOW)).isEqualTo(CLAIMS);
    assertThat(SignedToken.verify(newToken, oldVerifying, "public", NOW)).isEqualTo(CLAIMS);
    // Only the signature (random k) differs: the signed part is the same text.
    assertThat(oldToken.substring(0, oldToken.lastIndexOf('.'))).isEqualTo(newToken.substring(0, newToken.lastIndexOf('.')));
  }

  @Test
  void signedDocumentsCrossBetweenTheGenericAndTheDedicatedCurve() {
    BigInteger d = new BigInteger(HEX_KEY, 16);
    Map<String, Object> content = Map.of("certificate", "缴存证明", "memberName", "张*");
    Map<String, Object> old = SignedDocument.sign(content, "doc:1", GenericCurveSm2.privateKey(d));
    Map<String, Object> fresh = SignedDocument.sign(content, "doc:1", Sm2Keys.privateFromHex(HEX_KEY));
    assertThat(SignedDocument.verify(old, id -> Sm2Keys.privateFromHex(HEX_KEY).publicKey())).isTrue();
    assertThat(SignedDocument.verify(fresh, id -> GenericCurveSm2.publicKey(d))).isTrue();
  }
}
