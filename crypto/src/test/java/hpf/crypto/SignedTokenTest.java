package hpf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed tokens, signed documents and field encryption: what passes, and each way of failing. */
class SignedTokenTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private final Sm2Keys.Pair v1 = Sm2Keys.generate();
  private final KeyRing<Sm2Keys.Private> signing = new KeyRing<>("session", Map.of(1, v1.privateKey()), 1);
  private final KeyRing<Sm2Keys.Public> verifying = new KeyRing<>("session", Map.of(1, v1.publicKey()), 1);
  private final SignedToken.Claims claims = new SignedToken.Claims("M000001", "member", List.of(), "public", "demo-mobile",
      "s-123", NOW, NOW.plusSeconds(900));

  @Test
  void aTokenVerifiesUntilItExpires() {
    String token = SignedToken.issue(claims, signing);
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(SignedToken.verify(token, verifying, "public", NOW.plusSeconds(899))).isEqualTo(claims);
    assertRejected(token, verifying, "public", NOW.plusSeconds(900), SignedToken.Rejection.EXPIRED);
  }

  @Test
  void aTokenForAnotherAudienceOrChangedClaimsIsRefused() {
    String token = SignedToken.issue(claims, signing);
    assertRejected(token, verifying, "admin", NOW, SignedToken.Rejection.WRONG_AUDIENCE);
    String[] parts = token.split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1])).replace("M000001", "M000002").getBytes());
    assertRejected(parts[0] + "." + forged + "." + parts[2], verifying, "public", NOW, SignedToken.Rejection.BAD_SIGNATURE);
    assertRejected("abc", verifying, "public", NOW, SignedToken.Rejection.MALFORMED);
    assertRejected(parts[0] + ".%%%." + parts[2], verifying, "public", NOW, SignedToken.Rejection.MALFORMED);
  }

  @Test
  void rotationKeepsOlderTokensValidAndUnknownKeysAreRefused() {
    String old = SignedToken.issue(claims, signing);
    Sm2Keys.Pair v2 = Sm2Keys.generate();
    KeyRing<Sm2Keys.Private> rotated = signing.withNewVersion(2, v2.privateKey());
    KeyRing<Sm2Keys.Public> both = verifying.withNewVersion(2, v2.publicKey());
    String fresh = SignedToken.issue(claims, rotated);
    assertThat(SignedToken.verify(old, both, "public", NOW).subject()).isEqualTo("M000001");
    assertThat(SignedToken.verify(fresh, both, "public", NOW).subject()).isEqualTo("M000001");
    assertRejected(fresh, verifying, "public", NOW, SignedToken.Rejection.UNKNOWN_KEY);
    KeyRing<Sm2Keys.Public> otherRing = new KeyRing<>("other", Map.of(1, v1.publicKey()), 1);
    assertRejected(old, otherRing, "public", NOW, SignedToken.Rejection.UNKNOWN_KEY);
  }

  @Test
  void aSignedDocumentVerifiesAfterReformattingButNotAfterAChange() {
    Map<String, Object> content = Map.of("certificate", "缴存证明", "memberName", "张*", "balance", new java.math.BigDecimal("12345.67"));
    Map<String, Object> document = SignedDocument.sign(content, "doc:1", v1.privateKey());
    Object reparsed = CanonicalJson.parse(CanonicalJson.write(document));
    assertThat(SignedDocument.verify((Map<?, ?>) reparsed, id -> "doc:1".equals(id) ? v1.publicKey() : null)).isTrue();
    Object changed = CanonicalJson.parse(CanonicalJson.write(document).replace("12345.67", "92345.67"));
    assertThat(SignedDocument.verify((Map<?, ?>) changed, id -> v1.publicKey())).isFalse();
    assertThat(SignedDocument.verify(document, id -> null)).isFalse();
    assertThat(SignedDocument.verify(Map.of("content", content), id -> v1.publicKey())).isFalse();
  }

  @Test
  void fieldsDecryptUnderTheirOwnVersionAndNameOnly() {
    byte[] indexKey = Sm4.newKey();
    FieldCipher one = new FieldCipher(new KeyRing<>("field", Map.of(1, Sm4.newKey()), 1), indexKey);
    String stored = one.encrypt("person.id_number", "P00000001", "350102199001011234");
    assertThat(stored).startsWith("v1:").doesNotContain("350102");
    assertThat(one.decrypt("person.id_number", "P00000001", stored)).isEqualTo("350102199001011234");
    assertThatThrownBy(() -> one.decrypt("person.phone", "P00000001", stored)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> one.decrypt("person.id_number", "P00000002", stored)).isInstanceOf(CryptoException.class);
    assertThat(one.blindIndex("person.id_number", "350102199001011234"))
        .isEqualTo(one.blindIndex("person.id_number", "350102199001011234"))
        .isNotEqualTo(one.blindIndex("person.phone", "350102199001011234"));
  }

  private static void assertRejected(String token, KeyRing<Sm2Keys.Public> keys, String audience, Instant now,
                                     SignedToken.Rejection reason) {
    assertThatThrownBy(() -> SignedToken.verify(token, keys, audience, now))
        .isInstanceOfSatisfying(SignedToken.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }
}
