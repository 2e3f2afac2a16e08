package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM3 digests and HMAC-SM3 (GB/T 32905), the national hash used for body digests, evidence chains and blind indexes. */
public final class Sm3 {

  public static final int DIGEST_BYTES = 32;

  private Sm3() {}

  public static byte[] digest(byte[] data) {
    SM3Digest digest = new SM3Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[DIGEST_BYTES];
    digest.doFinal(out, 0);
    return out;
  }

  public static String digestHex(String utf8) {
    return HexFormat.of().formatHex(digest(utf8.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] hmac(byte[] key, byte[] data) {
    // A zero-length key would make every MAC guessable; callers always hold a real secret.
    if (key.length == 0) {
      throw new IllegalArgumentException("HMAC-SM3 key must not be empty");
    }
    HMac mac = new HMac(new SM3Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[DIGEST_BYTES];
    mac.doFinal(out, 0);
    return out;
  }

  public static String hmacHex(byte[] key, String utf8) {
    return HexFormat.of().formatHex(hmac(key, utf8.getBytes(StandardCharsets.UTF_8)));
  }
}
