package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Salted PBKDF2-HMAC-SM3: verifies the right password only, and two hashes of one password differ. */
class PasswordHashTest {

  @Test
  void verifiesOnlyTheRightPassword() {
    String stored = PasswordHash.hash("Demo@2026", 1000);
    assertThat(stored).startsWith("pbkdf2-sm3$1000$").doesNotContain("Demo@2026");
    assertThat(PasswordHash.verify("Demo@2026", stored)).isTrue();
    assertThat(PasswordHash.verify("demo@2026", stored)).isFalse();
    assertThat(PasswordHash.hash("Demo@2026", 1000)).isNotEqualTo(stored);
  }

  @Test
  void malformedHashesNeverMatch() {
    assertThat(PasswordHash.verify("x", null)).isFalse();
    assertThat(PasswordHash.verify("x", "md5$abc")).isFalse();
    assertThat(PasswordHash.verify("x", "pbkdf2-sm3$0$AA$AA")).isFalse();
    assertThat(PasswordHash.verify("x", "pbkdf2-sm3$10$!!$AA")).isFalse();
  }
}
