package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SM3 against the GB/T 32905 examples; HMAC-SM3 against OpenSSL 3 (an independent implementation). */
class Sm3Test {

  @Test
  void digestMatchesStandardExampleOne() {
    assertThat(Sm3.digestHex("abc"))
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  @Test
  void digestMatchesStandardExampleTwo() {
    assertThat(Sm3.digestHex("abcd".repeat(16)))
        .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  }

  @Test
  void hmacMatchesOpenSsl() {
    // printf 'hello' | openssl dgst -sm3 -hmac 'secret-key'
    assertThat(Sm3.hmacHex("secret-key".getBytes(StandardCharsets.UTF_8), "hello"))
        .isEqualTo("d172fd81fb83b1f2d7d598425b1b85a84289aadc5e5ef9e10ad65a3edfb8baef");
  }

  @Test
  void hmacRefusesAnEmptyKey() {
    assertThatThrownBy(() -> Sm3.hmac(new byte[0], new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
