package hpf.identity;

import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The base of a room's operations classes: the {@link Kit}'s parts as fields, so handlers read {@code pool},
 * {@code auth}, {@code idempotency}, {@code audit} and {@code clock} by name and no class copies their declaration.
 */
public abstract class KitOperations {

  protected final Pool pool;
  protected final SessionAuth auth;
  protected final Idempotency idempotency;
  protected final AuditLog audit;
  protected final Clock clock;

  protected KitOperations(Kit kit) {
    this.pool = kit.pool();
    this.auth = kit.auth();
    this.idempotency = kit.idempotency();
    this.audit = kit.audit();
    this.clock = kit.clock();
  }
}
