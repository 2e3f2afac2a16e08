package hpf.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chain's head at one moment, as the platform signs it (SM2) and anchors it outside the database: which chain,
 * the head's sequence and hash, the first keyed sequence, and when. Verification against a kept checkpoint names a
 * chain cut back below it or rewritten through it.
 */
public record Checkpoint(String chain, long seq, String hash, long keyedFrom, Instant at) {

  static final String KIND = "hpf.chain-checkpoint";

  /** What is signed. */
  public Map<String, Object> content() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("kind", KIND);
    content.put("chain", chain);
    content.put("seq", seq);
    content.put("hash", hash);
    content.put("keyedFrom", keyedFrom);
    content.put("at", at.toString());
    return content;
  }

  /** Reads signed content back; an {@link IllegalArgumentException} when it is not a checkpoint. */
  public static Checkpoint of(Map<?, ?> content) {
    try {
      if (!KIND.equals(content.get("kind"))) {
        throw new IllegalArgumentException("not a chain checkpoint");
      }
      String chain = (String) content.get("chain");
      String hash = (String) content.get("hash");
      if (chain == null || hash == null || !hash.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("not a chain checkpoint");
      }
      return new Checkpoint(chain, number(content.get("seq")), hash, number(content.get("keyedFrom")),
          Instant.parse((String) content.get("at")));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a chain checkpoint", e);
    }
  }

  private static long number(Object value) {
    if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException("not a chain checkpoint");
  }
}
