package hpf.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audited action: who (actor and kind), through which channel, what operation on which target, with
 * what outcome, under which request id. Details are short strings only (never personal data in clear).
 */
public record AuditEntry(String actor, String actorKind, String channel, String operation, String target,
                         String outcome, String requestId, Map<String, String> details) {

  /** The chained record as hashed: this entry plus its place (seq, time) and the previous hash. */
  Map<String, Object> hashed(long seq, Instant at, String prevHash) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("seq", seq);
    map.put("atMicros", at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    map.put("actor", actor);
    map.put("actorKind", actorKind);
    map.put("channel", channel);
    map.put("operation", operation);
    map.put("target", target);
    map.put("outcome", outcome);
    map.put("requestId", requestId);
    map.put("details", details);
    map.put("prevHash", prevHash);
    return map;
  }
}
