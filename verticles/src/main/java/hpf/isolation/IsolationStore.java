package hpf.isolation;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependency_isolation table: the last state of each dependency, so a restarted instance reads it back.
 * A state and the audit record of the transition that led to it commit together.
 */
final class IsolationStore {

  private static final Logger LOG = LoggerFactory.getLogger(IsolationStore.class);

  private final Pool pool;
  private final AuditLog audit;

  IsolationStore(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** The stored state, or null when the dependency was never isolated. */
  Future<DependencyStatus> load(String dependencyId) {
    return pool.preparedQuery("""
            SELECT state, version, since, next_probe_at, suspension_seconds, probe_successes, cause
              FROM dependency_isolation WHERE dependency_id = $1""")
        .execute(Tuple.of(dependencyId))
        .map(IsolationStore::first);
  }

  private static DependencyStatus first(RowSet<Row> rows) {
    if (!rows.iterator().hasNext()) {
      return null;
    }
    Row r = rows.iterator().next();
    OffsetDateTime next = r.getOffsetDateTime("next_probe_at");
    IsolationState state = IsolationState.valueOf(r.getString("state"));
    // A probe under way when the cluster went down is not under way any more: it is due again.
    return new DependencyStatus(state == IsolationState.PROBING ? IsolationState.ISOLATED : state,
        r.getLong("version"), r.getOffsetDateTime("since").toInstant(), next == null ? null : next.toInstant(),
        r.getLong("suspension_seconds"), state == IsolationState.PROBING ? 0 : r.getInteger("probe_successes"),
        null, null, r.getString("cause"));
  }

  /** Keeps the new state unless a newer one is stored already, and appends the audit record (if any), in one transaction. */
  Future<Void> save(String dependencyId, DependencyStatus s, AuditEntry entry) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO dependency_isolation (dependency_id, state, version, since, next_probe_at,
                                                  suspension_seconds, probe_successes, cause)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (dependency_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version,
                    since = EXCLUDED.since, next_probe_at = EXCLUDED.next_probe_at,
                    suspension_seconds = EXCLUDED.suspension_seconds, probe_successes = EXCLUDED.probe_successes,
                    cause = EXCLUDED.cause, updated_at = now()
                  WHERE dependency_isolation.version < EXCLUDED.version""")
            .execute(Tuple.from(new Object[] {dependencyId, s.state().name(), s.version(), utc(s.since()),
                utc(s.nextProbeAt()), s.suspensionSeconds(), s.probeSuccesses(), s.cause()}))
            .compose(saved -> entry == null ? Future.succeededFuture() : audit.append(conn, entry).mapEmpty()))
        .mapEmpty();
  }

  /**
   * An operator's request is on the audit log before it touches the shared state: the cluster acts on a change the
   * moment it is made, so a record written afterwards could be lost (a full disk, a value PostgreSQL refuses) while
   * the change stays. No record, no change: the operator gets a 503 and tries again.
   */
  Future<Void> requested(String dependency, AuditEntry operator) {
    return audit.append(new AuditEntry(operator.actor(), operator.actorKind(), operator.channel(), operator.operation(),
            "dependency:" + dependency, DependencyAdmin.REQUESTED, operator.requestId(), operator.details()))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.atError().setCause(e).addKeyValue("dependency", dependency).log("operator request not audited, not applied");
          return Future.failedFuture(new ProblemException(DependencyAdmin.AUDIT_UNAVAILABLE, 5));
        });
  }

  /** The audit record of a transition: the operator's when one asked for it, else the guard's own. */
  static AuditEntry transition(String id, StatusChange.Made made, AuditEntry operator) {
    Map<String, String> details = new TreeMap<>();
    details.put("from", made.before().state().name());
    details.put("to", made.after().state().name());
    details.put("cause", made.after().cause());
    if (made.after().nextProbeAt() != null) {
      details.put("nextProbeAt", made.after().nextProbeAt().toString());
    }
    if (operator != null) {
      details.putAll(operator.details());
      return new AuditEntry(operator.actor(), operator.actorKind(), operator.channel(), operator.operation(),
          "dependency:" + id, "OK", operator.requestId(), details);
    }
    return new AuditEntry("dependency-guard", "SYSTEM", "internal", "dependencyTransition", "dependency:" + id, "OK",
        "guard-" + UUID.randomUUID(), details);
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
