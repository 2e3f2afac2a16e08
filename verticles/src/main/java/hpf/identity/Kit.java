package hpf.identity;

import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * What every room's operations are built from: the database pool, the session check of the caller, idempotent
 * writes, the audit log and the business clock (read business dates through {@link hpf.kit.BusinessTime}). It
 * lives with the sessions, the lowest layer that sees both them and the audit log.
 */
public record Kit(Pool pool, SessionAuth auth, Idempotency idempotency, AuditLog audit, Clock clock) {
}
