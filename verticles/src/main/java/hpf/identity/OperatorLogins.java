package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.PasswordHash;
import hpf.crypto.Totp;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Operator sign-in: source-address limit, per-account lockout (the attempt is counted before the check), password
 * (PBKDF2-HMAC-SM3) and TOTP code checked on a worker, then a session. Every attempt is audited with the account
 * name attempted as actor and the outcome; the password never is.
 */
final class OperatorLogins {

  /** Where the attempt came from. */
  record Origin(String source, String requestId) {}

  // Checked when the account is unknown or disabled, so a miss costs as long as a wrong password.
  private static final String DECOY_HASH =
      "pbkdf2-sm3$60000$3q2+7wABAgMEBQYHCAkKCw$5tGZ4ABq9v3QmKJH0Yx2cN8rXo1Lh7eWsTbUDiFkVpM";
  private static final int MAX_PENDING_CHECKS = 16;

  private final Operators operators;
  private final OperatorSessions sessions;
  private final OperatorSources sources;
  private final AuditLog audit;
  private final io.micrometer.core.instrument.MeterRegistry registry;
  private final WorkerExecutor workers;
  private final AtomicInteger pending = new AtomicInteger();

  OperatorLogins(Vertx vertx, Operators operators, OperatorSessions sessions, OperatorSources sources, AuditLog audit,
                 io.micrometer.core.instrument.MeterRegistry registry) {
    this.operators = operators;
    this.sessions = sessions;
    this.sources = sources;
    this.audit = audit;
    this.registry = registry;
    // Slow hashes on their own small pool, never on the event loop.
    this.workers = vertx.createSharedWorkerExecutor("hpf-operator-password-checks", 2);
  }

  Future<JsonObject> login(String username, String password, String otp, Origin origin) {
    Instant now = sessions.now();
    return sources.retryAfter(origin.source(), now).compose(wait -> {
      if (wait > 0) {
        return record(username, "THROTTLED", null, origin)
            .compose(v -> Future.failedFuture(new ProblemException(OperatorProblems.sourceThrottled(), wait)));
      }
      if (pending.incrementAndGet() > MAX_PENDING_CHECKS) {
        pending.decrementAndGet();
        return Future.failedFuture(new ProblemException(OperatorProblems.busy()));
      }
      return attempt(username, password, otp, now, origin).onComplete(done -> pending.decrementAndGet());
    });
  }

  private Future<JsonObject> attempt(String username, String password, String otp, Instant now, Origin origin) {
    return operators.reserveAttempt(username, now, sessions.policy()).compose(account -> {
      if (account == null) {
        return operators.find(username).compose(existing -> existing == null
            ? check(null, password, otp, now).compose(ok -> refuse(username, "UNKNOWN_OPERATOR", null, origin, now))
            // A locked account costs the same password check as an unknown one: timing tells nothing either.
            : check(null, password, otp, now).compose(ok -> refuse(username, "REFUSED_LOCKED", existing.lockedUntil(),
                origin, now)));
      }
      if (!account.active()) {
        return check(null, password, otp, now).compose(ok -> refuse(username, "DISABLED", null, origin, now));
      }
      return check(account, password, otp, now).compose(step -> {
        if (step == -2) {
          return refuse(username, "PASSWORD_WRONG", account.lockedUntil(), origin, now);
        }
        if (step < 0) {
          // Right password, wrong or replayed code: worth an auditor's attention (the password may be known).
          return refuse(username, "OTP_WRONG", account.lockedUntil(), origin, now);
        }
        return operators.recordSuccess(username, step).compose(fresh -> !fresh
            ? refuse(username, "OTP_WRONG", account.lockedUntil(), origin, now)
            : sessions.open(username).compose(token -> record(username, "OK", account.role(), origin)
                .map(v -> answer(account, token, now))));
      });
    });
  }

  /** The matched TOTP step; -2 for a wrong password, -1 for a wrong or reused code; no account: always -2. */
  private Future<Long> check(Operators.Account account, String password, String otp, Instant now) {
    return workers.executeBlocking(() -> {
      boolean passwordOk = PasswordHash.verify(password, account == null ? DECOY_HASH : account.passwordHash());
      if (account == null || !passwordOk) {
        return -2L;
      }
      return Totp.verify(operators.decryptSecret(account), otp, now, account.totpLastStep());
    }, false);
  }

  private Future<JsonObject> refuse(String username, String outcome, Instant lockedUntil, Origin origin, Instant now) {
    boolean locked = lockedUntil != null && lockedUntil.isAfter(now);
    return sources.fail(origin.source(), now)
        .compose(v -> record(username, locked && !"REFUSED_LOCKED".equals(outcome) ? outcome + "_LOCKED" : outcome,
            null, origin))
        // One answer for every refusal, locked accounts included: a distinct "locked" would tell an outsider which
        // account names exist (an unknown name never locks). The lock is in the audit record and the account list.
        .compose(v -> Future.failedFuture(new ProblemException(OperatorProblems.loginFailed())));
  }

  private Future<Void> record(String username, String outcome, String role, Origin origin) {
    // Outcomes are a fixed set (OK, PASSWORD_WRONG, OTP_WRONG, ... with _LOCKED): a bounded label.
    registry.counter("hpf_identity_operator_logins_total", "outcome", outcome).increment();
    Map<String, String> details = role == null ? Map.of("source", origin.source())
        : Map.of("source", origin.source(), "role", role);
    return audit.append(new AuditEntry(username, "OPERATOR", "admin", "createOperatorSession", "operator:" + username,
        outcome, origin.requestId(), details)).mapEmpty();
  }

  private JsonObject answer(Operators.Account account, String token, Instant now) {
    OperatorPolicy policy = sessions.policy();
    return new JsonObject().put("token", token).put("tokenType", "Bearer").put("username", account.username())
        .put("role", account.role()).put("passwordMustChange", account.mustChange())
        .put("idleTimeoutSeconds", policy.idleTimeout().toSeconds())
        .put("expiresAt", now.plus(policy.absoluteTimeout()).toString());
  }
}
