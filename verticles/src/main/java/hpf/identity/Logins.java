package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.PasswordHash;
import hpf.kit.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The login flows: password + SMS code (members, employers), unified-identity ticket (members), password
 * (staff at the counter). Failures are counted per subject and lock it after the configured number; every
 * attempt on a known subject is audited. Password checks (tens of milliseconds of PBKDF2) run on workers.
 */
final class Logins {

  /** Where a login attempt came from, for the audit record and the session. */
  record Origin(String appId, String requestId) {}

  // Checked when the subject is unknown, so a miss costs as long as a wrong password: a well-formed hash at the
  // default work factor that matches no password, written out so loading this class costs nothing.
  private static final String DECOY_HASH =
      "pbkdf2-sm3$60000$3q2+7wABAgMEBQYHCAkKCw$5tGZ4ABq9v3QmKJH0Yx2cN8rXo1Lh7eWsTbUDiFkVpM";
  /** Password checks waiting or running at most; beyond it logins are refused at once instead of queueing. */
  private static final int MAX_PENDING_PASSWORD_CHECKS = 64;

  private final Vertx vertx;
  private final LoginSubjects subjects;
  private final SmsCodes codes;
  private final IdentityProviderClient identityProvider;
  private final Sessions sessions;
  private final AuditLog audit;
  private final int maxFailures;
  private final Duration lock;
  private final MeterRegistry registry;
  private final Clock clock;
  private final io.vertx.core.WorkerExecutor passwordWorkers;
  private final java.util.concurrent.atomic.AtomicInteger pendingChecks = new java.util.concurrent.atomic.AtomicInteger();

  Logins(Vertx vertx, LoginSubjects subjects, SmsCodes codes, IdentityProviderClient identityProvider,
         Sessions sessions, AuditLog audit, int maxFailures, Duration lock, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.subjects = subjects;
    this.codes = codes;
    this.identityProvider = identityProvider;
    this.sessions = sessions;
    this.audit = audit;
    this.maxFailures = maxFailures;
    this.lock = lock;
    this.registry = registry;
    this.clock = clock;
    // Slow hashes get their own small pool: a burst of logins must not starve signature and token checks.
    this.passwordWorkers = vertx.createSharedWorkerExecutor("hpf-password-checks", 4);
  }

  /**
   * Sends a login code when the subject exists and is not locked. Answers the same way, at once, in every case
   * (the send runs afterwards): whether an ID number or credit code is registered is never revealed.
   */
  void sendCode(String kind, String identifier) {
    lookup(kind, identifier).compose(subject -> {
      if (subject == null || subject.lockedAt(clock.instant())) {
        return Future.succeededFuture("skipped");
      }
      return codes.send(kind, subject.id(), subjects.decryptPhone(subject)).map("sent");
    }).onComplete(ar -> {
      String outcome = ar.succeeded() ? ar.result()
          // The guard's refusals are problems too (isolated, busy, timed out): their code is the outcome.
          : ar.cause() instanceof ProblemException p ? p.problem().code() : "error";
      registry.counter("hpf_identity_login_codes_total", "outcome", outcome).increment();
    });
  }

  Future<Sessions.Issued> passwordAndCode(String kind, String identifier, String password, String code, Origin origin) {
    return lookup(kind, identifier).compose(subject -> attempt(subject, password, "PASSWORD_SMS", origin,
        () -> codes.consume(kind, subject.id(), code)));
  }

  Future<Sessions.Issued> staffPassword(String staffId, String password, Origin origin) {
    return subjects.staffById(staffId).compose(subject -> attempt(subject, password, "STAFF_PASSWORD", origin,
        () -> Future.succeededFuture(true)));
  }

  /**
   * One password attempt: unknown subjects cost a decoy check and fail; known ones reserve the attempt first
   * (refused while locked or at the limit), then the password and any second factor decide.
   */
  private Future<Sessions.Issued> attempt(LoginSubjects.Subject subject, String password, String method, Origin origin,
                                          java.util.function.Supplier<Future<Boolean>> secondFactor) {
    if (subject == null) {
      return checkPassword(null, password).compose(ignored ->
          Future.failedFuture(new ProblemException(IdentityProblems.loginFailed())));
    }
    return subjects.reserveAttempt(subject, maxFailures).compose(reserved -> {
      if (!reserved) {
        return subjects.lockedUntil(subject, maxFailures, lock).compose(until -> Future.failedFuture(new ProblemException(
            IdentityProblems.accountLocked(until == null ? clock.instant().plus(lock) : until))));
      }
      return checkPassword(subject, password)
          .compose(ok -> ok ? secondFactor.get() : Future.succeededFuture(false))
          // No verdict (busy, database or gateway trouble): the reserved attempt is given back, so load alone
          // can never lock anyone out.
          .recover(e -> subjects.releaseAttempt(subject).transform(ignored -> Future.<Boolean>failedFuture(e)))
          .compose(ok -> ok ? succeed(subject, method, origin) : fail(subject, method, origin));
    });
  }

  Future<Sessions.Issued> identityTicket(String ticket, Origin origin) {
    return identityProvider.redeem(ticket).compose(identity -> identity == null
        ? Future.failedFuture(new ProblemException(IdentityProblems.ticketInvalid()))
        : subjects.memberByIdNumber(identity.idNumber()).compose(subject -> subject == null
            ? Future.failedFuture(new ProblemException(IdentityProblems.loginFailed()))
            : open(subject, "IDENTITY_TICKET", origin)));
  }

  private Future<LoginSubjects.Subject> lookup(String kind, String identifier) {
    return Caller.EMPLOYER.equals(kind) ? subjects.employerByCreditCode(identifier) : subjects.memberByIdNumber(identifier);
  }

  private Future<Boolean> checkPassword(LoginSubjects.Subject subject, String password) {
    String stored = subject == null || subject.passwordHash() == null ? DECOY_HASH : subject.passwordHash();
    boolean real = subject != null && subject.passwordHash() != null;
    if (pendingChecks.incrementAndGet() > MAX_PENDING_PASSWORD_CHECKS) {
      pendingChecks.decrementAndGet();
      return Future.failedFuture(new ProblemException(IdentityProblems.loginBusy()));
    }
    return passwordWorkers.executeBlocking(() -> PasswordHash.verify(password, stored) && real, false)
        .onComplete(done -> pendingChecks.decrementAndGet());
  }

  private Future<Sessions.Issued> succeed(LoginSubjects.Subject subject, String method, Origin origin) {
    return subjects.recordSuccess(subject).compose(v -> open(subject, method, origin));
  }

  /** A ticket login proves identity through the identity platform; it neither counts nor clears password failures. */
  private Future<Sessions.Issued> open(LoginSubjects.Subject subject, String method, Origin origin) {
    return sessions.open(subject.kind(), subject.id(), subject.roles(), origin.appId())
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
