package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.boot.Masking;
import hpf.channel.ProblemException;
import hpf.crypto.PasswordHash;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The login flows: password + SMS code (members, employers), unified-identity ticket (members), password
 * (staff at the counter). Failures are counted per subject and lock it after the configured number; every
 * attempt on a known subject is audited. Password checks (tens of milliseconds of PBKDF2) run on workers.
 */
final class Logins {

  /** Where a login attempt came from, for the audit record and the session. */
  record Origin(String appId, String requestId) {}

  // Checked when the subject is unknown, so a miss costs as long as a wrong password.
  private static final String DECOY_HASH = PasswordHash.hash("decoy-password-never-matches");

  private final Vertx vertx;
  private final LoginSubjects subjects;
  private final SmsCodes codes;
  private final IdentityProviderClient identityProvider;
  private final Sessions sessions;
  private final AuditLog audit;
  private final int maxFailures;
  private final Duration lock;
  private final MeterRegistry registry;

  Logins(Vertx vertx, LoginSubjects subjects, SmsCodes codes, IdentityProviderClient identityProvider,
         Sessions sessions, AuditLog audit, int maxFailures, Duration lock, MeterRegistry registry) {
    this.vertx = vertx;
    this.subjects = subjects;
    this.codes = codes;
    this.identityProvider = identityProvider;
    this.sessions = sessions;
    this.audit = audit;
    this.maxFailures = maxFailures;
    this.lock = lock;
    this.registry = registry;
  }

  /** Sends a login code; answers the masked phone, or null for an unknown subject (nothing is revealed). */
  Future<String> sendCode(String kind, String identifier) {
    return lookup(kind, identifier).compose(subject -> {
      if (subject == null) {
        return Future.succeededFuture(null);
      }
      if (subject.lockedAt(Instant.now())) {
        return Future.failedFuture(new ProblemException(IdentityProblems.accountLocked(subject.lockedUntil())));
      }
      String phone = subjects.decryptPhone(subject);
      return codes.send(kind, subject.id(), phone).map(v -> Masking.phone(phone));
    });
  }

  Future<Sessions.Issued> passwordAndCode(String kind, String identifier, String password, String code, Origin origin) {
    return lookup(kind, identifier).compose(subject -> checkPassword(subject, password).compose(passwordOk -> {
      if (subject == null) {
        return Future.failedFuture(new ProblemException(IdentityProblems.loginFailed()));
      }
      if (subject.lockedAt(Instant.now())) {
        return Future.failedFuture(new ProblemException(IdentityProblems.accountLocked(subject.lockedUntil())));
      }
      Future<Boolean> codeOk = passwordOk ? codes.consume(kind, subject.id(), code) : Future.succeededFuture(false);
      return codeOk.compose(ok -> ok ? succeed(subject, "PASSWORD_SMS", origin) : fail(subject, "PASSWORD_SMS", origin));
    }));
  }

  Future<Sessions.Issued> staffPassword(String staffId, String password, Origin origin) {
    return subjects.staffById(staffId).compose(subject -> checkPassword(subject, password).compose(ok -> {
      if (subject == null) {
        return Future.failedFuture(new ProblemException(IdentityProblems.loginFailed()));
      }
      if (subject.lockedAt(Instant.now())) {
        return Future.failedFuture(new ProblemException(IdentityProblems.accountLocked(subject.lockedUntil())));
      }
      return ok ? succeed(subject, "STAFF_PASSWORD", origin) : fail(subject, "STAFF_PASSWORD", origin);
    }));
  }

  Future<Sessions.Issued> identityTicket(String ticket, Origin origin) {
    return identityProvider.redeem(ticket).compose(identity -> identity == null
        ? Future.failedFuture(new ProblemException(IdentityProblems.ticketInvalid()))
        : subjects.memberByIdNumber(identity.idNumber()).compose(subject -> subject == null
            ? Future.failedFuture(new ProblemException(IdentityProblems.loginFailed()))
            : succeed(subject, "IDENTITY_TICKET", origin)));
  }

  private Future<LoginSubjects.Subject> lookup(String kind, String identifier) {
    return Caller.EMPLOYER.equals(kind) ? subjects.employerByCreditCode(identifier) : subjects.memberByIdNumber(identifier);
  }

  private Future<Boolean> checkPassword(LoginSubjects.Subject subject, String password) {
    String stored = subject == null || subject.passwordHash() == null ? DECOY_HASH : subject.passwordHash();
    boolean real = subject != null && subject.passwordHash() != null;
    return vertx.executeBlocking(() -> PasswordHash.verify(password, stored) && real, false);
  }

  private Future<Sessions.Issued> succeed(LoginSubjects.Subject subject, String method, Origin origin) {
    return subjects.recordSuccess(subject)
        .compose(v -> sessions.open(subject.kind(), subject.id(), subject.roles(), origin.appId()))
        .compose(issued -> record(subject, method, "OK", origin).map(issued));
  }

  private Future<Sessions.Issued> fail(LoginSubjects.Subject subject, String method, Origin origin) {
    return subjects.recordFailure(subject, maxFailures, lock).compose(lockedUntil ->
        record(subject, method, lockedUntil == null ? "FAILED" : "LOCKED", origin).compose(v -> Future.failedFuture(
            new ProblemException(lockedUntil == null ? IdentityProblems.loginFailed()
                : IdentityProblems.accountLocked(lockedUntil)))));
  }

  private Future<Void> record(LoginSubjects.Subject subject, String method, String outcome, Origin origin) {
    registry.counter("hpf_identity_logins_total", "operation", method, "outcome", outcome).increment();
    return audit.append(new AuditEntry(subject.id(), subject.kind(), origin.appId(), "createSession",
        subject.kind().toLowerCase(java.util.Locale.ROOT) + ":" + subject.id(), outcome, origin.requestId(),
        Map.of("method", method))).mapEmpty();
  }
}
