package hpf.identity;

import hpf.audit.AuditLog;
import hpf.crypto.FieldCipher;
import hpf.crypto.PasswordHash;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator side of the identity room assembled: accounts, sign-in, sessions, the source-address limit, and
 * the admin operations on them. The admin listener's {@link hpf.channel.OperatorAuth} checks sessions here.
 */
public final class OperatorAccounts {

  private final Pool pool;
  private final Operators operators;
  private final OperatorSessions sessions;
  private final OperatorSources sources;
  private final WorkerExecutor workers;
  private final Map<String, Handler<RoutingContext>> operations = new HashMap<>();

  public OperatorAccounts(Vertx vertx, Pool pool, FieldCipher fields, AuditLog audit, OperatorPolicy policy,
                          Clock clock, String bootstrapUser, io.micrometer.core.instrument.MeterRegistry registry) {
    this.pool = pool;
    this.operators = new Operators(pool, fields);
    this.sessions = new OperatorSessions(pool, policy, clock);
    this.sources = new OperatorSources(pool, policy);
    this.workers = vertx.createSharedWorkerExecutor("hpf-operator-passwords", 2);
    OperatorLogins logins = new OperatorLogins(vertx, operators, sessions, sources, audit, registry);
    operations.putAll(new OperatorSessionOperations(logins, sessions, operators, audit, workers).operations());
    operations.putAll(new OperatorAdmin(pool, operators, sessions, audit, workers, policy.issuer(), bootstrapUser)
        .operations());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.copyOf(operations);
  }

  public OperatorSessions sessions() {
    return sessions;
  }

  public OperatorSources sources() {
    return sources;
  }

  /**
   * Sandbox only (the caller checks HPF_SANDBOX): an account with a documented password and TOTP secret, created
   * when absent and usable at once (no password change demanded). An existing one is left as it is.
   */
  public Future<Void> ensureDemo(String username, String displayName, String role, String password, String secret) {
    return pool.preparedQuery("SELECT 1 FROM operator_account WHERE username = $1").execute(Tuple.of(username))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : workers.executeBlocking(() -> PasswordHash.hash(password), false)
                .compose(hash -> pool.withTransaction(conn -> operators.insert(conn, username, displayName, role, hash,
                    secret, false, "sandbox")))
                .recover(e -> e instanceof hpf.kit.ProblemException ? Future.succeededFuture() : Future.failedFuture(e))
                .mapEmpty());
  }
}
