package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical reader and writer refuse, cheaply, what would cost memory or stack out of proportion to the input. */
class CanonicalJsonBoundsTest {

  @Test
  void aHugeExponentIsRefusedByTheParserNotExpandedByTheWriter() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"amount\":1e2000000000}"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("exponent");
    assertThatThrownBy(() -> CanonicalJson.parse("[1e100000000]")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("[1E-101]")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("[1e1000]")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("[1e00000000000000000000000000101]")).isInstanceOf(CryptoException.class);
    // Within the bounds, numbers still read exactly.
    assertThat(CanonicalJson.parse("[1e100]")).isEqualTo(List.of(new BigDecimal("1e100")));
    assertThat(CanonicalJson.parse("[-0.50,0,12345678901234567890]"))
        .isEqualTo(List.of(new BigDecimal("-0.50"), 0L, new BigInteger("12345678901234567890")));
    // A value built in code is checked by the writer too: never a two-billion-character string.
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("n", new BigDecimal("1e2000000000"))))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.write(List.of(BigInteger.ONE.shiftLeft(100_000))))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void manyLongNumbersInASmallInputCannotExpandTheWrittenTextWithoutBound() {
    // 63 KB of "1e100," (the largest exponent read) reads in bounds; what it expands to is bounded too.
    String text = "[" + String.join(",", java.util.Collections.nCopies(10_500, "1e100")) + "]";
    List<?> read = (List<?>) CanonicalJson.parse(text);
    assertThat(CanonicalJson.write(read)).hasSize(10_500 * 102 - 1 + 2);
    List<Object> more = new java.util.ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      more.add(new BigDecimal("1e100"));
    }
    assertThatThrownBy(() -> CanonicalJson.write(more)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void tooManyDigitsAndNonJsonNumbersAreRefused() {
    assertThatThrownBy(() -> CanonicalJson.parse("[" + "9".repeat(41) + "]")).hasMessageContaining("digits");
    assertThatThrownBy(() -> CanonicalJson.parse("[0." + "1".repeat(40) + "]")).hasMessageContaining("digits");
    assertThat(CanonicalJson.parse("[" + "9".repeat(40) + "]")).isNotNull();
    for (String bad : List.of("[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[--1]", "[1.2.3]", "[\"\\u00zz\"]")) {
      assertThatThrownBy(() -> CanonicalJson.parse(bad)).as(bad).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void deepNestingIsRefusedWithoutOverflowingTheStack() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> CanonicalJson.parse(deep)).isInstanceOf(CryptoException.class).hasMessageContaining("nested");
    String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    assertThatThrownBy(() -> CanonicalJson.parse(objects)).isInstanceOf(CryptoException.class);
    String allowed = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);
    assertThat(CanonicalJson.write(CanonicalJson.parse(allowed))).isEqualTo(allowed);

    List<Object> built = new ArrayList<>();
    List<Object> inner = built;
    for (int i = 0; i < 100_000; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    assertThatThrownBy(() -> CanonicalJson.write(built)).isInstanceOf(CryptoException.class);
  }

  @Test
  void inputBeyondTheSizeBoundIsRefusedBeforeReading() {
    String big = "\"" + "x".repeat(CanonicalJson.MAX_INPUT_CHARS) + "\"";
    assertThatThrownBy(() -> CanonicalJson.parse(big)).isInstanceOf(CryptoException.class).hasMessageContaining("longer");
  }

  @Test
  void aDocumentWithAHugeNumberOrAnOddSignatureDoesNotVerifyAndCostsNothing() {
    Sm2Keys.Pair pair = Sm2Keys.generate();
    Map<String, Object> signature = Map.of("alg", "SM2-SM3", "keyId", "doc:1", "userId", "1234567812345678",
        "value", "AAAA");
    Map<String, Object> document = Map.of("content", Map.of("n", new BigDecimal("1e2000000000")), "signature", signature);
    assertThat(SignedDocument.verify(document, id -> pair.publicKey())).isFalse();
    Map<String, Object> longValue = Map.of("content", Map.of(), "signature", Map.of("alg", "SM2-SM3", "keyId", "doc:1",
        "userId", "1234567812345678", "value", "A".repeat(10_000)));
    assertThat(SignedDocument.verify(longValue, id -> {
      throw new AssertionError("the key is not looked up for a signature that cannot be one");
    })).isFalse();
  }

  @Test
  void aBearerTokenWithAHostileHeaderIsMalformedNotExpensive() {
    KeyRing<Sm2Keys.Public> keys = new KeyRing<>("session", Map.of(1, Sm2Keys.generate().publicKey()), 1);
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    for (String header : List.of("[".repeat(50_000), "{\"alg\":1e2000000000}")) {
      String token = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".e30.AAAA";
      assertThatThrownBy(() -> SignedToken.verify(token, keys, "members", java.time.Instant.now()))
          .isInstanceOfSatisfying(SignedToken.Rejected.class,
              r -> assertThat(r.reason()).isEqualTo(SignedToken.Rejection.MALFORMED));
    }
  }
}
