package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM4 against the GB/T 32907 example and OpenSSL 3; GCM authenticity. */
class Sm4Test {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir
  Path dir;

  @Test
  void blockCipherMatchesTheStandardExample() {
    byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
    SM4Engine engine = new SM4Engine();
    engine.init(true, new KeyParameter(key));
    byte[] out = new byte[16];
    engine.processBlock(key, 0, out, 0);
    assertThat(HEX.formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
  }

  @Test
  void gcmRoundTripsAndBindsTheAssociatedData() {
    byte[] key = Sm4.newKey();
    byte[] aad = "person.id_number".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = Sm4.gcmEncrypt(key, "350102199001011234".getBytes(StandardCharsets.UTF_8), aad);
    assertThat(new String(Sm4.gcmDecrypt(key, sealed, aad), StandardCharsets.UTF_8)).isEqualTo("350102199001011234");
    assertThat(Sm4.gcmEncrypt(key, new byte[] {1}, aad)).isNotEqualTo(Sm4.gcmEncrypt(key, new byte[] {1}, aad));
    assertThatThrownBy(() -> Sm4.gcmDecrypt(key, sealed, "person.phone".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CryptoException.class);
    sealed[sealed.length - 20] ^= 1;
    assertThatThrownBy(() -> Sm4.gcmDecrypt(key, sealed, aad)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Sm4.gcmDecrypt(Sm4.newKey(), new byte[10], aad)).isInstanceOf(CryptoException.class);
  }

  @Test
  void cbcOutputDecryptsWithOpenSsl() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl 3 is not on this machine: interoperability not checked");
    byte[] key = Sm4.newKey();
    byte[] iv = Sm4.newKey();
    String plain = "缴存基数 12345.67 元，跨块的明文用于检查填充。";
    Path cipher = dir.resolve("cipher.bin");
    Files.write(cipher, Sm4.cbcEncrypt(key, iv, plain.getBytes(StandardCharsets.UTF_8)));
    OpenSsl.Result result = OpenSsl.run(List.of("openssl", "enc", "-d", "-sm4-cbc", "-K", HEX.formatHex(key),
        "-iv", HEX.formatHex(iv), "-in", cipher.toString()));
    assertThat(result.exit()).isZero();
    assertThat(result.output()).isEqualTo(plain);
  }

  @Test
  void cbcDecryptsWhatOpenSslEncrypted() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl 3 is not on this machine: interoperability not checked");
    byte[] key = Sm4.newKey();
    byte[] iv = Sm4.newKey();
    Path plain = dir.resolve("plain.txt");
    Path cipher = dir.resolve("cipher.bin");
    Files.writeString(plain, "partner payload 0123456789");
    OpenSsl.Result result = OpenSsl.run(List.of("openssl", "enc", "-e", "-sm4-cbc", "-K", HEX.formatHex(key),
        "-iv", HEX.formatHex(iv), "-in", plain.toString(), "-out", cipher.toString()));
    assertThat(result.exit()).isZero();
    assertThat(new String(Sm4.cbcDecrypt(key, iv, Files.readAllBytes(cipher)), StandardCharsets.UTF_8))
        .isEqualTo("partner payload 0123456789");
  }
}
