package hpf.thirdparty.guard;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The dependency_isolation table: the last state of each dependency, so a restarted instance reads it back.
 * A state and the audit record of the transition that led to it commit together.
 */
final class IsolationStore {

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

  /** Appends an audit record in its own transaction. */
  Future<Void> record(AuditEntry entry) {
    return audit.append(entry).mapEmpty();
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
