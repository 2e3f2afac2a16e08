package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Slow, salted password hashes: PBKDF2 with HMAC-SM3. Stored as
 * {@code pbkdf2-sm3$<iterations>$<base64 salt>$<base64 hash>}, so the work factor can grow later while old
 * hashes still verify. Deliberately costly (tens of milliseconds): call it off the event loop.
 */
public final class PasswordHash {

  public static final int DEFAULT_ITERATIONS = 60_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  public static String hash(String password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  public static String hash(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sm3$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Constant-time comparison; a malformed stored hash never matches. */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !"pbkdf2-sm3".equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return iterations > 0 && MessageDigest.isEqual(derive(password, salt, iterations), expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
    generator.init(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
    return ((KeyParameter) generator.generateDerivedParameters(HASH_BYTES * 8)).getKey();
  }
}
