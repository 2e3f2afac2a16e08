package hpf.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GB 11643 and GB 32100 check characters against published examples. */
class IdentifiersTest {

  @Test
  void residentIdNumbers() {
    // The standard's example: 11010519491231002X.
    assertThat(Identifiers.isIdNumber("11010519491231002X")).isTrue();
    assertThat(Identifiers.isIdNumber("11010519491231002x")).isTrue();
    assertThat(Identifiers.isIdNumber("110105194912310021")).isFalse();
    assertThat(Identifiers.isIdNumber("1101051949123100")).isFalse();
    assertThat(Identifiers.idCheckCharacter("35010219900101123")).isEqualTo(
        Identifiers.idCheckCharacter("35010219900101123"));
  }

  @Test
  void unifiedSocialCreditCodes() {
    // A published code: 91350100M000100Y43 (check character 3).
    assertThat(Identifiers.isCreditCode("91350100M000100Y43")).isTrue();
    assertThat(Identifiers.isCreditCode("91350100M000100Y44")).isFalse();
    assertThat(Identifiers.isCreditCode("91350100M000100I43")).isFalse();
  }

  @Test
  void mobileNumbers() {
    assertThat(Identifiers.isMobile("13812345678")).isTrue();
    assertThat(Identifiers.isMobile("12812345678")).isFalse();
  }
}
