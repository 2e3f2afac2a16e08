package hpf.keys;

import hpf.crypto.Sm2Keys;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every SM2 key pair whose private half the project publishes: the sandbox demo channel apps' and demo banks' keys
 * (derived from public seeds) and the documented default token and platform keys. Such a key is no credential
 * anywhere, so onboarding and the production start-up refuse it. Kept here, below the rooms that onboard keys, so
 * the sandbox, the admin API, settlement and the production guard all ask the one list.
 */
public final class PublishedKeys {

  /** The sandbox default of HPF_PLATFORM_KEYS (ring version 1), in hex. */
  public static final String SANDBOX_PLATFORM_KEY = "3b8e2f6a1c9d4e7b0a5f2c8d1e6b3a9f4c7d0e2b5a8f1c3d6e9b2a4f7c0d3e6b";
  /** The sandbox default of HPF_TOKEN_KEYS (ring version 1), in hex. */
  public static final String SANDBOX_TOKEN_KEY = "7f3c1a5e9b2d4c6f8a0e1b3d5c7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e";
  /** The demo channel apps whose keys the sandbox derives (the HMAC one too: its derived key is as public). */
  static final List<String> DEMO_APP_IDS = List.of("demo-online-hall", "demo-mobile", "demo-mini-program", "demo-kiosk",
      "demo-counter", "demo-partner");
  /** The demo partner banks whose keys the sandbox derives. */
  static final List<String> DEMO_BANK_CODES = List.of("102", "105");

  // Compared as the uncompressed point: PEM, hex, compressed hex or re-wrapped text are the same key to an attacker.
  private static final Set<ByteBuffer> POINTS = Stream.of(
          DEMO_APP_IDS.stream().map(PublishedKeys::demoAppKey),
          DEMO_BANK_CODES.stream().map(PublishedKeys::demoBankKey),
          Stream.of(SANDBOX_PLATFORM_KEY, SANDBOX_TOKEN_KEY).map(Sm2Keys::privateFromHex))
      .flatMap(s -> s)
      .map(k -> ByteBuffer.wrap(k.publicKey().encoded()))
      .collect(Collectors.toUnmodifiableSet());

  private PublishedKeys() {}

  /** A sandbox demo app's key pair, {@code d = SM3("hpf-sandbox-demo:" + appId) mod (n - 1) + 1}. */
  public static Sm2Keys.Private demoAppKey(String appId) {
    return Sm2Keys.fromSeed("hpf-sandbox-demo:" + appId);
  }

  /** A sandbox demo bank's key pair, {@code d = SM3("hpf-sandbox-bank:" + bankCode) mod (n - 1) + 1}. */
  public static Sm2Keys.Private demoBankKey(String bankCode) {
    return Sm2Keys.fromSeed("hpf-sandbox-bank:" + bankCode);
  }

  /** Whether anyone can sign with this public key's private half because the project published it. */
  public static boolean isPublished(Sm2Keys.Public key) {
    return POINTS.contains(ByteBuffer.wrap(key.encoded()));
  }

  /** Whether this private key's public half is published (a scalar d and d + n sign alike, so compare points). */
  public static boolean isPublished(Sm2Keys.Private key) {
    return isPublished(key.publicKey());
  }
}
