package hpf.sources.evidence;

import hpf.audit.ChainKeys;
import hpf.crypto.CanonicalJson;
import hpf.crypto.CryptoException;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2;
import hpf.crypto.Sm2Keys;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Checks one stored evidence record against itself and its predecessor: the content still has its digest, the
 * clear columns say what the signed content says, the platform's signature verifies, and it links to the previous
 * record's digest. CPU work (decryption, SM2 verification): callers run it on a worker.
 */
final class EvidenceCheck {

  /** The outcome for one record; {@code problem} names the first thing that does not hold. */
  record Verdict(long seq, String evidenceId, boolean digestValid, boolean signatureValid, boolean linkValid,
                 String code, String problem) {
    boolean valid() {
      return problem == null;
    }
  }

  /** A stored record with its content decrypted (null when it cannot be decrypted). */
  record Opened(Row row, String canonical) {}

  private final FieldCipher fields;
  private final KeyRing<Sm2Keys.Public> publicKeys;
  private final ChainKeys chainKeys;

  EvidenceCheck(FieldCipher fields, KeyRing<Sm2Keys.Private> keys, ChainKeys chainKeys) {
    this.fields = fields;
    this.publicKeys = keys.map(Sm2Keys.Private::publicKey);
    this.chainKeys = chainKeys;
  }

  Opened open(Row row) {
    String evidenceId = row.getUUID("evidence_id").toString();
    try {
      return new Opened(row, fields.decrypt(EvidenceLog.FIELD, evidenceId, row.getString("content_enc")));
    } catch (CryptoException | IllegalArgumentException changed) {
      // SM4-GCM refuses a ciphertext that was altered or moved to another record.
      return new Opened(row, null);
    }
  }

  /** @param previousDigest the digest of the record before (the genesis value for the first) */
  Verdict check(Opened opened, String previousDigest) {
    Row row = opened.row();
    long seq = row.getLong("seq");
    String evidenceId = row.getUUID("evidence_id").toString();
    String canonical = opened.canonical();
    boolean linkValid = row.getString("prev_digest").equals(previousDigest);
    // The digest is keyed (HMAC-SM3 under the chain key): whoever re-computes it without the key is named.
    boolean digestValid = canonical != null
        && chainKeys.matches(canonical, row.getInteger("key_version"), row.getString("digest"));
    boolean signatureValid = canonical != null && signatureVerifies(row, canonical);
    String code = null;
    String problem = null;
    if (!digestValid || !signatureValid) {
      code = digestValid ? "SIGNATURE_INVALID" : "REHASHED";
      problem = "record " + seq + " was changed after it was written";
    } else if (!matchesColumns(row, canonical)) {
      code = "CHANGED";
      problem = "record " + seq + " does not say what its signed content says";
    } else if (!linkValid) {
      code = "UNLINKED";
      problem = "record " + seq + " does not link to the record before it in its partition";
    }
    return new Verdict(seq, evidenceId, digestValid, signatureValid, linkValid, code, problem);
  }

  /** The content as parsed from its canonical form. */
  static Map<?, ?> content(String canonical) {
    return (Map<?, ?>) CanonicalJson.parse(canonical);
  }

  private boolean signatureVerifies(Row row, String canonical) {
    try {
      String keyId = row.getString("key_id");
      String prefix = publicKeys.id() + ":";
      if (!keyId.startsWith(prefix)) {
        return false;
      }
      Sm2Keys.Public key = publicKeys.version(Integer.parseInt(keyId.substring(prefix.length())));
      return Sm2.verify(key, Sm2.DEFAULT_USER_ID, canonical.getBytes(StandardCharsets.UTF_8),
          Base64.getDecoder().decode(row.getString("signature")), Sm2.Encoding.DER);
    } catch (RuntimeException unknownKeyOrMalformed) {
      return false;
    }
  }

  private static boolean matchesColumns(Row row, String canonical) {
    try {
      Map<?, ?> content = content(canonical);
      return Objects.equals(content.get("seq"), row.getLong("seq"))
          && Objects.equals(content.get("evidenceId"), row.getUUID("evidence_id").toString())
          && Objects.equals(content.get("recordedAt"), row.getOffsetDateTime("recorded_at").toInstant().toString())
          && Objects.equals(content.get("dependency"), row.getString("dependency"))
          && Objects.equals(content.get("businessRef"), row.getString("business_ref"))
          && Objects.equals(content.get("personId"), row.getString("person_id"))
          && Objects.equals(content.get("prevDigest"), row.getString("prev_digest"));
    } catch (RuntimeException malformed) {
      return false;
    }
  }
}
