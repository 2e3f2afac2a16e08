package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 TOTP: the RFC's SHA1 test vectors (last six digits), drift of one step, no reuse of a code. */
class TotpTest {

  // RFC 6238 appendix B: the ASCII secret "12345678901234567890".
  private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void matchesTheRfcVectors() {
    assertThat(RFC_SECRET).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
  }

  @Test
  void acceptsOneStepOfDriftAndNeverTheSameStepTwice() {
    String secret = Totp.newSecret();
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    long step = Totp.step(now);
    assertThat(Totp.verify(secret, Totp.code(secret, step - 1), now, 0)).isEqualTo(step - 1);
    assertThat(Totp.verify(secret, Totp.code(secret, step + 1), now, 0)).isEqualTo(step + 1);
    assertThat(Totp.verify(secret, Totp.code(secret, step - 2), now, 0)).isEqualTo(-1);
    assertThat(Totp.verify(secret, Totp.code(secret, step), now, step)).isEqualTo(-1);
    assertThat(Totp.verify(secret, "12345", now, 0)).isEqualTo(-1);
    assertThat(Totp.verify(secret, null, now, 0)).isEqualTo(-1);
  }

  @Test
  void buildsTheUriAuthenticatorAppsScan() {
    assertThat(Totp.uri("HPF 公积金", "ops.system", "ABC"))
        .startsWith("otpauth://totp/HPF%20%E5%85%AC%E7%A7%AF%E9%87%91:ops.system?secret=ABC&issuer=")
        .endsWith("&algorithm=SHA1&digits=6&period=30");
    assertThat(Totp.unbase32(Totp.base32(new byte[] {1, 2, 3, 4, 5, 6, 7}))).containsExactly(1, 2, 3, 4, 5, 6, 7);
  }
}
