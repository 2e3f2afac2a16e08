package hpf.identity;

import com.hazelcast.map.IMap;
import hpf.audit.AuditLog;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.isolation.DependencyGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The identity room assembled: logins, sessions, profiles, and the session check other rooms reuse. */
public final class Identity {

  /** The settings this room needs. */
  public record Settings(KeyRing<Sm2Keys.Private> tokenKeys, Duration accessLifetime, Duration refreshLifetime,
                         int maxFailures, Duration lock, IdentityProviderClient identityProvider,
                         SmsGatewayClient smsGateway) {}

  private final SessionAuth auth;
  private final Sessions sessions;
  private final Vertx vertx;
  private final Pool pool;
  private final AuditLog audit;
  private final Clock clock;
  private final Settings settings;
  private final Map<String, Handler<RoutingContext>> operations = new HashMap<>();

  public Identity(Vertx vertx, Pool pool, FieldCipher fields, AuditLog audit, IMap<String, Boolean> revoked,
                  Settings settings, MeterRegistry registry, Clock clock) {
    this.sessions = new Sessions(vertx, pool, settings.tokenKeys(), revoked, settings.accessLifetime(),
        settings.refreshLifetime(), registry, clock);
    this.auth = new SessionAuth(sessions);
    this.vertx = vertx;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
    Logins logins = new Logins(vertx, new LoginSubjects(pool, fields, clock),
        new SmsCodes(pool, settings.smsGateway(), fields), settings.identityProvider(), sessions, audit,
        settings.maxFailures(),
        settings.lock(), registry, clock);
    operations.putAll(new SessionOperations(logins, sessions, auth).operations());
    operations.putAll(new Profiles(pool, fields, auth).operations());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.copyOf(operations);
  }

  /** Operators' staff account operations (admin listener): create, list, disable, reset the password. */
  public Map<String, Handler<RoutingContext>> staffAdminOperations(hpf.kit.Idempotency idempotency) {
    return new StaffAdmin(vertx, new StaffUsers(pool, clock), sessions, audit, idempotency).operations();
  }

  /** Start-up: logouts survive a restart of the whole cluster. */
  public io.vertx.core.Future<Void> restore() {
    return sessions.restoreRevocations();
  }

  /** The identity provider and the SMS gateway behind the guard, each with a probe that concerns nobody. */
  public io.vertx.core.Future<Void> registerDependencies(DependencyGuard guard) {
    return guard.register(settings.identityProvider().dependency())
        .compose(v -> guard.register(settings.smsGateway().dependency()));
  }

  /** For other rooms' operations that need a logged-in caller. */
  public SessionAuth auth() {
    return auth;
  }
}
