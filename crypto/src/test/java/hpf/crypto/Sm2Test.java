package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM2 against the GB/T 32918.2 annex example and against OpenSSL 3 in both directions. */
class Sm2Test {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = "message digest".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @Test
  void signatureMatchesTheStandardsAnnexExample() {
    // GB/T 32918.2 annex A: the 256-bit prime-field test curve, user id ALICE123@YAHOO.COM and a fixed k.
    BigInteger p = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3", 16);
    BigInteger a = new BigInteger("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498", 16);
    BigInteger b = new BigInteger("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A", 16);
    BigInteger n = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7", 16);
    ECCurve curve = new ECCurve.Fp(p, a, b, n, BigInteger.ONE);
    ECPoint g = curve.createPoint(
        new BigInteger("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D", 16),
        new BigInteger("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2", 16));
    ECDomainParameters domain = new ECDomainParameters(curve, g, n, BigInteger.ONE);
    BigInteger d = new BigInteger("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263", 16);
    byte[] userId = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    byte[] k = HEX.parseHex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F");

    byte[] signature = Sm2.sign(new ECPrivateKeyParameters(d, domain), userId, MESSAGE, Sm2.Encoding.RAW, fixed(k));

    assertThat(HEX.formatHex(signature).toUpperCase()).isEqualTo(
        "40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"
            + "6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7");
    ECPublicKeyParameters pub = new ECPublicKeyParameters(g.multiply(d).normalize(), domain);
    assertThat(Sm2.verify(pub, userId, MESSAGE, signature, Sm2.Encoding.RAW)).isTrue();
  }

  @Test
  void signaturesVerifyOnlyForTheSameKeyMessageAndUserId() {
    Sm2Keys.Pair pair = Sm2Keys.generate();
    for (Sm2.Encoding encoding : Sm2.Encoding.values()) {
      byte[] sig = Sm2.sign(pair.privateKey(), Sm2.DEFAULT_USER_ID, MESSAGE, encoding);
      assertThat(Sm2.verify(pair.publicKey(), Sm2.DEFAULT_USER_ID, MESSAGE, sig, encoding)).isTrue();
      assertThat(Sm2.verify(pair.publicKey(), "other-user-id".getBytes(StandardCharsets.US_ASCII), MESSAGE, sig, encoding))
          .isFalse();
      assertThat(Sm2.verify(pair.publicKey(), Sm2.DEFAULT_USER_ID, "message digesT".getBytes(StandardCharsets.US_ASCII),
          sig, encoding)).isFalse();
      assertThat(Sm2.verify(Sm2Keys.generate().publicKey(), Sm2.DEFAULT_USER_ID, MESSAGE, sig, encoding)).isFalse();
      assertThat(Sm2.verify(pair.publicKey(), Sm2.DEFAULT_USER_ID, MESSAGE, new byte[] {1, 2, 3}, encoding)).isFalse();
    }
    assertThat(Sm2.sign(pair.privateKey(), Sm2.DEFAULT_USER_ID, MESSAGE, Sm2.Encoding.RAW)).hasSize(64);
  }

  @Test
  void encryptionRoundTripsInC1C3C2Order() {
    Sm2Keys.Pair pair = Sm2Keys.generate();
    byte[] sealed = Sm2.encrypt(pair.publicKey(), "session key 0123".getBytes(StandardCharsets.US_ASCII));
    assertThat(sealed[0]).isEqualTo((byte) 0x04); // C1 is an uncompressed point
    assertThat(sealed).hasSize(65 + 32 + 16); // C1 ‖ C3 (SM3) ‖ C2
    assertThat(new String(Sm2.decrypt(pair.privateKey(), sealed), StandardCharsets.US_ASCII)).isEqualTo("session key 0123");
    sealed[70] ^= 1;
    assertThatThrownBy(() -> Sm2.decrypt(pair.privateKey(), sealed)).isInstanceOf(CryptoException.class);
  }

  @Test
  void pemRoundTripsAndForeignCurvesAreRefused() throws Exception {
    Sm2Keys.Pair pair = Sm2Keys.generate();
    Sm2Keys.Private again = Sm2Keys.privateFromPem(Sm2Keys.toPem(pair.privateKey()));
    assertThat(again.parameters().getD()).isEqualTo(pair.privateKey().parameters().getD());
    assertThat(Sm2Keys.publicFromPem(Sm2Keys.toPem(pair.publicKey())).encoded()).isEqualTo(pair.publicKey().encoded());
    assertThat(again.publicKey().encoded()).isEqualTo(pair.publicKey().encoded());
    assertThat(pair.privateKey().toString()).doesNotContain(pair.privateKey().parameters().getD().toString(16));
    assertThatThrownBy(() -> Sm2Keys.publicFromPem(Sm2Keys.toPem(pair.privateKey()))).isInstanceOf(CryptoException.class);
  }

  @Test
  void aSignatureMadeHereVerifiesWithOpenSsl() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl 3 is not on this machine: interoperability not checked");
    Sm2Keys.Pair pair = Sm2Keys.generate();
    Path pub = Files.writeString(dir.resolve("pub.pem"), Sm2Keys.toPem(pair.publicKey()));
    Path msg = Files.write(dir.resolve("msg.bin"), MESSAGE);
    Path sig = Files.write(dir.resolve("sig.der"), Sm2.sign(pair.privateKey(), Sm2.DEFAULT_USER_ID, MESSAGE, Sm2.Encoding.DER));
    OpenSsl.Result result = OpenSsl.run(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(),
        "-rawin", "-in", msg.toString(), "-sigfile", sig.toString(), "-digest", "sm3",
        "-pkeyopt", "distid:1234567812345678"));
    assertThat(result.output()).contains("Signature Verified Successfully");
  }

  @Test
  void aSignatureMadeByOpenSslVerifiesHere() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl 3 is not on this machine: interoperability not checked");
    Path key = dir.resolve("key.pem");
    assertThat(OpenSsl.run(List.of("openssl", "genpkey", "-algorithm", "SM2", "-out", key.toString())).exit()).isZero();
    Path msg = Files.write(dir.resolve("msg.bin"), MESSAGE);
    Path sig = dir.resolve("sig.der");
    OpenSsl.Result signed = OpenSsl.run(List.of("openssl", "pkeyutl", "-sign", "-inkey", key.toString(), "-rawin",
        "-in", msg.toString(), "-out", sig.toString(), "-digest", "sm3", "-pkeyopt", "distid:1234567812345678"));
    assertThat(signed.exit()).as(signed.output()).isZero();
    Sm2Keys.Private privateKey = Sm2Keys.privateFromPem(Files.readString(key));
    assertThat(Sm2.verify(privateKey.publicKey(), Sm2.DEFAULT_USER_ID, MESSAGE, Files.readAllBytes(sig), Sm2.Encoding.DER))
        .isTrue();
  }

  /** A SecureRandom that yields the given bytes: the annex example's k. */
  private static SecureRandom fixed(byte[] k) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(k, 0, bytes, 0, Math.min(k.length, bytes.length));
      }
    };
  }
}
