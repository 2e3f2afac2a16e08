package hpf.sandbox.bank;

import hpf.settlement.bdc.ReturnCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * How a sandbox bank behaves, as testers send it to {@code PUT /sandbox/banks/{bankCode}/behaviour} (all fields
 * optional; the empty object is a healthy bank):
 * <ul>
 *   <li>{@code rejectCodes} + {@code rejectRatio}: reject that share of new money movements and batch rows with those
 *   return codes in turn (e.g. B2001 frozen, B2002 name mismatch, B2003 insufficient funds);</li>
 *   <li>{@code latencyMs}: answer every message that late (more than the client's timeout: the answer comes after
 *   the client gave up);</li>
 *   <li>{@code noAnswer}: book money movements but never answer them;</li>
 *   <li>{@code uncertain}: answer new movements with host status 5 and settle them as {@code settleAs} (SUCCEEDED or
 *   FAILED) after {@code afterQueries} BDC110 queries or {@code afterMs} milliseconds, whichever comes first;</li>
 *   <li>{@code duplicateNotices}: push every notice that many extra times;</li>
 *   <li>{@code down}: refuse connections (TCP) and answer 503 "not accepted" (JSON);</li>
 *   <li>{@code batchDelayMs}: how long a batch stays "processing" (default 200);</li>
 *   <li>{@code seed}: which movements the ratio picks, repeatably.</li>
 * </ul>
 */
record BankBehaviour(List<String> rejectCodes, double rejectRatio, long latencyMs, boolean noAnswer,
                     Uncertain uncertain, int duplicateNotices, boolean down, long batchDelayMs, long seed) {

  /** Host status 5 first, then the final outcome. */
  record Uncertain(boolean settleSucceeds, int afterQueries, long afterMs) {}

  static final BankBehaviour HEALTHY = new BankBehaviour(List.of(), 0, 0, false, null, 0, false, 200, 1);
  private static final Set<String> FIELDS = Set.of("rejectCodes", "rejectRatio", "latencyMs", "noAnswer", "uncertain",
      "duplicateNotices", "down", "batchDelayMs", "seed");
  private static final long MAX_MS = 600_000;

  /** The behaviour in the body, or IllegalArgumentException naming what is wrong. */
  static BankBehaviour from(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("a JSON object is required");
    }
    for (String name : body.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field " + name + "; known: " + FIELDS);
      }
    }
    try {
      List<String> codes = body.getJsonArray("rejectCodes", new JsonArray()).stream().map(String.class::cast).toList();
      for (String code : codes) {
        if (!code.matches("B[0-9]{4}")) {
          throw new IllegalArgumentException("rejectCodes are business codes B0000-B9999, e.g. " + ReturnCodes.ACCOUNT_FROZEN);
        }
      }
      double ratio = body.getDouble("rejectRatio", codes.isEmpty() ? 0.0 : 1.0);
      if (!(ratio >= 0 && ratio <= 1) || (ratio > 0 && codes.isEmpty())) {
        throw new IllegalArgumentException("rejectRatio from 0 to 1, with rejectCodes");
      }
      JsonObject u = body.getJsonObject("uncertain");
      Uncertain uncertain = null;
      if (u != null) {
        String settleAs = u.getString("settleAs", "SUCCEEDED");
        if (!settleAs.equals("SUCCEEDED") && !settleAs.equals("FAILED")) {
          throw new IllegalArgumentException("uncertain.settleAs SUCCEEDED or FAILED");
        }
        uncertain = new Uncertain(settleAs.equals("SUCCEEDED"), u.getInteger("afterQueries", 1),
            u.getLong("afterMs", 0L));
        if (uncertain.afterQueries() < 0 || uncertain.afterMs() < 0 || uncertain.afterMs() > MAX_MS
            || (uncertain.afterQueries() == 0 && uncertain.afterMs() == 0)) {
          throw new IllegalArgumentException("uncertain.afterQueries and afterMs from 0, at least one positive");
        }
      }
      BankBehaviour b = new BankBehaviour(codes, ratio, body.getLong("latencyMs", 0L), body.getBoolean("noAnswer", false),
          uncertain, body.getInteger("duplicateNotices", 0), body.getBoolean("down", false),
          body.getLong("batchDelayMs", 200L), body.getLong("seed", 1L));
      if (b.latencyMs < 0 || b.latencyMs > MAX_MS || b.batchDelayMs < 0 || b.batchDelayMs > MAX_MS) {
        throw new IllegalArgumentException("latencyMs and batchDelayMs from 0 to " + MAX_MS);
      }
      if (b.duplicateNotices < 0 || b.duplicateNotices > 10) {
        throw new IllegalArgumentException("duplicateNotices from 0 to 10");
      }
      return b;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("rejectCodes strings; rejectRatio a number; latencyMs, batchDelayMs, seed, "
          + "duplicateNotices numbers; noAnswer, down booleans; uncertain an object");
    }
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("rejectCodes", new JsonArray(rejectCodes)).put("rejectRatio", rejectRatio)
        .put("latencyMs", latencyMs).put("noAnswer", noAnswer).put("duplicateNotices", duplicateNotices)
        .put("down", down).put("batchDelayMs", batchDelayMs).put("seed", seed);
    if (uncertain != null) {
      json.put("uncertain", new JsonObject().put("settleAs", uncertain.settleSucceeds() ? "SUCCEEDED" : "FAILED")
          .put("afterQueries", uncertain.afterQueries()).put("afterMs", uncertain.afterMs()));
    }
    return json;
  }
}
