package hpf.settlement.bdc;

import hpf.crypto.CryptoException;
import hpf.crypto.Sm2;
import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm4;
import java.util.Base64;

/**
 * Our 国密 variant of the session key and body encryption. Sign-in (BDC001) answers a fresh 16-byte SM4 key wrapped
 * with the center's SM2 public key (SM2 encryption, C1C3C2, base64 in the {@code SessionKey} body field). Business
 * payloads are SM4-GCM under that key: {@code nonce(12) ‖ ciphertext ‖ tag(16)}, a fresh random nonce per message
 * travelling in front of the ciphertext, and the 16 header bytes as associated data, so a body cannot be moved under
 * another header (another sender or transaction code) without the tag failing.
 */
public final class BdcCipher {

  private BdcCipher() {}

  public static String wrapKey(Sm2Keys.Public centerKey, byte[] sessionKey) {
    return Base64.getEncoder().encodeToString(Sm2.encrypt(centerKey, sessionKey));
  }

  /** The session key from a sign-in answer (SM2 decryption: about a millisecond, call it off the event loop). */
  public static byte[] unwrapKey(Sm2Keys.Private centerKey, String wrapped) {
    try {
      byte[] key = Sm2.decrypt(centerKey, Base64.getDecoder().decode(wrapped));
      if (key.length != Sm4.KEY_BYTES) {
        throw new BdcException("session key is not 16 bytes");
      }
      return key;
    } catch (IllegalArgumentException | CryptoException e) {
      throw new BdcException("session key cannot be unwrapped with the center's key");
    }
  }

  public static byte[] seal(byte[] sessionKey, BdcHeader header, byte[] body) {
    return Sm4.gcmEncrypt(sessionKey, body, header.bytes());
  }

  /** The clear body; a wrong key, a changed byte or another header throws {@link BdcException}. */
  public static byte[] open(byte[] sessionKey, BdcHeader header, byte[] sealed) {
    try {
      return Sm4.gcmDecrypt(sessionKey, sealed, header.bytes());
    } catch (CryptoException e) {
      throw new BdcException("body does not decrypt with the session key");
    }
  }
}
