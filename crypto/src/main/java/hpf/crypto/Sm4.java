package hpf.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * SM4 (GB/T 32907) with a 128-bit key. GCM is the default for data at rest: the output is
 * {@code nonce(12) ‖ ciphertext ‖ tag(16)} and the associated data binds a ciphertext to its field.
 * CBC with PKCS#7 padding exists for partners whose protocols require it.
 */
public final class Sm4 {

  public static final int KEY_BYTES = 16;
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BITS = 128;
  public static final int BLOCK_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sm4() {}

  public static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** Encrypts with a fresh random nonce; {@code aad} may be empty but must be the same to decrypt. */
  public static byte[] gcmEncrypt(byte[] key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(true, new AEADParameters(new KeyParameter(checkKey(key)), TAG_BITS, nonce, aad));
    byte[] out = new byte[NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, NONCE_BYTES);
    try {
      gcm.doFinal(out, NONCE_BYTES + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption failed", e);
    }
    return out;
  }

  /** Decrypts and authenticates; a wrong key, a changed byte or another {@code aad} throws {@link CryptoException}. */
  public static byte[] gcmDecrypt(byte[] key, byte[] sealed, byte[] aad) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new CryptoException("SM4-GCM input too short");
    }
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(false, new AEADParameters(new KeyParameter(checkKey(key)), TAG_BITS,
        java.util.Arrays.copyOf(sealed, NONCE_BYTES), aad));
    byte[] out = new byte[gcm.getOutputSize(sealed.length - NONCE_BYTES)];
    int n = gcm.processBytes(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException("SM4-GCM authentication failed");
    }
    return out;
  }

  public static byte[] cbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
    return cbc(true, key, iv, plaintext);
  }

  public static byte[] cbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
    return cbc(false, key, iv, ciphertext);
  }

  private static byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] input) {
    if (iv.length != BLOCK_BYTES) {
      throw new IllegalArgumentException("SM4-CBC needs a 16-byte IV");
    }
    PaddedBufferedBlockCipher cipher =
        new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()), new PKCS7Padding());
    cipher.init(encrypt, new ParametersWithIV(new KeyParameter(checkKey(key)), iv));
    byte[] out = new byte[cipher.getOutputSize(input.length)];
    int n = cipher.processBytes(input, 0, input.length, out, 0);
    try {
      n += cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException("SM4-CBC padding is invalid");
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static byte[] checkKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("SM4 keys are 16 bytes");
    }
    return key;
  }
}
