package hpf.keys;

import hpf.crypto.CryptoException;
import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm2PublicKeyText;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import java.util.function.Supplier;

/**
 * A partner's SM2 public key given to onboarding (channel app or bank): parsed strictly and refused when it is one of
 * the published sandbox keys, compared as the point, not the text (a published private key is no credential, in the
 * sandbox too).
 */
public final class CredentialKey {

  private CredentialKey() {}

  /** The key of {@code field}, or a ProblemException: {@code invalid} when it does not parse, else published. */
  public static Sm2Keys.Public parse(String text, String field, Supplier<Problem> invalid) {
    Sm2Keys.Public key;
    try {
      key = Sm2PublicKeyText.parse(text);
    } catch (CryptoException e) {
      throw new ProblemException(invalid.get());
    }
    if (PublishedKeys.isPublished(key)) {
      throw new ProblemException(Problem.publicKeyPublished(field));
    }
    return key;
  }
}
