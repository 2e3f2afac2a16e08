package hpf.audit;

import hpf.crypto.CanonicalJson;
import hpf.crypto.Sm3;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain's head at one moment, as the platform signs it (SM2) and anchors it outside the database: which chain,
 * the head's sequence and hash, the first keyed sequence, and when. A partitioned chain also names every partition's
 * head ({@code parts}); its {@code seq} is then the highest of them and its {@code hash} the SM3 of the parts'
 * canonical JSON, one value for all. Verification against a kept checkpoint names a chain (or any partition) cut back
 * below it or rewritten through it.
 */
public record Checkpoint(String chain, long seq, String hash, long keyedFrom, Instant at, List<Part> parts) {

  static final String KIND = "hpf.chain-checkpoint";

  /** One partition's head: its number, the sequence of its last record and that record's hash. */
  public record Part(int part, long seq, String hash) {}

  /** A checkpoint of a chain with one partition (no parts named). */
  public Checkpoint(String chain, long seq, String hash, long keyedFrom, Instant at) {
    this(chain, seq, hash, keyedFrom, at, List.of());
  }

  public Checkpoint {
    parts = List.copyOf(parts);
  }

  /** The checkpoint of a partitioned chain: the parts in partition order, combined into one sequence and hash. */
  public static Checkpoint of(String chain, List<Part> parts, long keyedFrom, Instant at) {
    return new Checkpoint(chain, parts.stream().mapToLong(Part::seq).max().orElse(0), combined(parts), keyedFrom, at,
        parts);
  }

  /** Every partition's head; a checkpoint without parts (one chain, or signed before partitioning) is partition 0. */
  public List<Part> heads() {
    return parts.isEmpty() ? List.of(new Part(0, seq, hash)) : parts;
  }

  /** What is signed. */
  public Map<String, Object> content() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("kind", KIND);
    content.put("chain", chain);
    content.put("seq", seq);
    content.put("hash", hash);
    content.put("keyedFrom", keyedFrom);
    content.put("at", at.toString());
    if (!parts.isEmpty()) {
      content.put("parts", partsContent(parts));
    }
    return content;
  }

  /** The one value of a partitioned chain's heads: SM3 of their canonical JSON, in partition order. */
  static String combined(List<Part> parts) {
    return Sm3.digestHex(CanonicalJson.write(partsContent(parts)));
  }

  private static List<Object> partsContent(List<Part> parts) {
    List<Object> list = new ArrayList<>();
    for (Part part : parts) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("part", (long) part.part());
      one.put("seq", part.seq());
      one.put("hash", part.hash());
      list.add(one);
    }
    return list;
  }

  /** Reads signed content back; an {@link IllegalArgumentException} when it is not a checkpoint. */
  public static Checkpoint of(Map<?, ?> content) {
    try {
      if (!KIND.equals(content.get("kind"))) {
        throw new IllegalArgumentException("not a chain checkpoint");
      }
      String chain = (String) content.get("chain");
      String hash = hash(content.get("hash"));
      if (chain == null) {
        throw new IllegalArgumentException("not a chain checkpoint");
      }
      List<Part> parts = new ArrayList<>();
      if (content.get("parts") != null) {
        for (Object item : (List<?>) content.get("parts")) {
          Map<?, ?> one = (Map<?, ?>) item;
          parts.add(new Part(Math.toIntExact(number(one.get("part"))), number(one.get("seq")), hash(one.get("hash"))));
        }
        if (parts.isEmpty() || !combined(parts).equals(hash)) {
          throw new IllegalArgumentException("the parts of a chain checkpoint do not make its hash");
        }
      }
      return new Checkpoint(chain, number(content.get("seq")), hash, number(content.get("keyedFrom")),
          Instant.parse((String) content.get("at")), parts);
    } catch (ClassCastException | NullPointerException | ArithmeticException
             | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a chain checkpoint", e);
    }
  }

  private static String hash(Object value) {
    if (value instanceof String hash && hash.matches("[0-9a-f]{64}")) {
      return hash;
    }
    throw new IllegalArgumentException("not a chain checkpoint");
  }

  private static long number(Object value) {
    if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException("not a chain checkpoint");
  }
}
