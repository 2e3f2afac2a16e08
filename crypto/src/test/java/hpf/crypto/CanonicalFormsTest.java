package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canonical JSON and the canonical request: exact texts, so other implementations can be checked against them. */
class CanonicalFormsTest {

  @Test
  void canonicalJsonSortsMembersAndWritesNumbersExactly() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("b", List.of(1L, "二", true));
    value.put("a", new BigDecimal("1234.50"));
    value.put("c\n", null);
    assertThat(CanonicalJson.write(value)).isEqualTo("{\"a\":1234.50,\"b\":[1,\"二\",true],\"c\\n\":null}");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("amount", 1.5d))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsingThenWritingIsStableAndDuplicatesAreRefused() {
    String text = " {\"z\": [1, 2.50, \"\\u4e8c\"], \"a\": {\"y\": false, \"x\": 12345678901234567890}} ";
    Object parsed = CanonicalJson.parse(text);
    assertThat(CanonicalJson.write(parsed))
        .isEqualTo("{\"a\":{\"x\":12345678901234567890,\"y\":false},\"z\":[1,2.50,\"二\"]}");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member a");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} x")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("[1,")).isInstanceOf(CryptoException.class);
  }

  @Test
  void canonicalRequestTextIsExactlyAsDocumented() {
    CanonicalRequest request = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "get", "/v1/service-items",
        "size=2&channel=KIOSK&b=%E4%BA%8C&flag", "demo-kiosk", "1795000000000", "n0nce-0123456789ab", null);
    assertThat(request.text()).isEqualTo(String.join("\n",
        "HPF1-SM2-SM3", "GET", "/v1/service-items", "b=%E4%BA%8C&channel=KIOSK&flag=&size=2",
        "demo-kiosk", "1795000000000", "n0nce-0123456789ab",
        HexFormat.of().formatHex(Sm3.digest(new byte[0]))));
  }

  @Test
  void plusIsASpaceAsServersReadItAndAmbiguousQueriesAreRefused() {
    assertThat(CanonicalRequest.canonicalQuery("q=a+b")).isEqualTo("q=a%20b");
    assertThat(CanonicalRequest.canonicalQuery("q=a%2Bb")).isEqualTo("q=a%2Bb");
    assertThatThrownBy(() -> CanonicalRequest.canonicalQuery("a=1&a=2")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalRequest.canonicalQuery("a=%zz")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> CanonicalRequest.canonicalQuery("a=1;b=2")).isInstanceOf(CryptoException.class);
  }

  @Test
  void everyPartOfTheRequestIsCoveredBySm2AndHmacSignatures() {
    Sm2Keys.Pair pair = Sm2Keys.generate();
    byte[] secret = "an internal channel's secret".getBytes(StandardCharsets.UTF_8);
    byte[] body = "{\"level\":\"INFO\"}".getBytes(StandardCharsets.UTF_8);
    CanonicalRequest original = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=1", "app",
        "1795000000000", "nonce-0123456789", body);
    String sm2 = original.signSm2(pair.privateKey());
    String hmac = original.signHmac(secret);
    assertThat(original.verifySm2(pair.publicKey(), sm2)).isTrue();
    assertThat(original.verifyHmac(secret, hmac)).isTrue();
    List<CanonicalRequest> altered = List.of(
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", "/v1/x", "a=1", "app", "1795000000000", "nonce-0123456789", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/y", "a=1", "app", "1795000000000", "nonce-0123456789", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=2", "app", "1795000000000", "nonce-0123456789", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=1", "app2", "1795000000000", "nonce-0123456789", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=1", "app", "1795000000001", "nonce-0123456789", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=1", "app", "1795000000000", "nonce-0123456788", body),
        new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "PUT", "/v1/x", "a=1", "app", "1795000000000", "nonce-0123456789",
            "{\"level\":\"WARN\"}".getBytes(StandardCharsets.UTF_8)));
    for (CanonicalRequest other : altered) {
      assertThat(other.verifySm2(pair.publicKey(), sm2)).as(other.text()).isFalse();
      assertThat(other.verifyHmac(secret, hmac)).as(other.text()).isFalse();
    }
    assertThat(original.verifySm2(pair.publicKey(), "not base64!")).isFalse();
    assertThat(original.verifyHmac("another secret".getBytes(StandardCharsets.UTF_8), hmac)).isFalse();
  }
}
