package hpf.identity;

import hpf.crypto.FieldCipher;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Who can log in (persons, employers, staff) and their failure counters. Owns the SQL of those tables. */
public final class LoginSubjects {

  static final String ID_NUMBER = "person.id_number";
  public static final String PHONE = "person.phone";

  /** A login subject as the login flows need it; the phone is decrypted only when a code is sent. */
  record Subject(String kind, String id, String name, String passwordHash, String phoneEnc, String phoneOwner,
                 List<String> roles, Instant lockedUntil) {
    boolean lockedAt(Instant now) {
      return lockedUntil != null && lockedUntil.isAfter(now);
    }
  }

  private final Pool pool;
  private final FieldCipher fields;
  private final Clock clock;

  /** The encrypted columns of these tables, for key rotation. */
  public static List<hpf.kit.EncryptedColumn> encryptedColumns() {
    return List.of(new hpf.kit.EncryptedColumn("person", "person_id", "id_number_enc", ID_NUMBER),
        new hpf.kit.EncryptedColumn("person", "person_id", "phone_enc", PHONE));
  }

  public LoginSubjects(Pool pool, FieldCipher fields, Clock clock) {
    this.pool = pool;
    this.fields = fields;
    this.clock = clock;
  }

  Future<Subject> memberByIdNumber(String idNumber) {
    return one(Caller.MEMBER, "SELECT * FROM person WHERE id_number_idx = $1",
        fields.blindIndex(ID_NUMBER, Identifiers.normalizeIdNumber(idNumber)));
  }

  Future<Subject> employerByCreditCode(String creditCode) {
    return one(Caller.EMPLOYER, """
        SELECT e.employer_id, e.name, e.password_hash, e.locked_until, p.phone_enc, p.person_id
          FROM employer_login e JOIN person p ON p.person_id = e.agent_person_id WHERE e.credit_code = $1""",
        creditCode.toUpperCase(java.util.Locale.ROOT));
  }

  Future<Subject> staffById(String staffId) {
    // A disabled staff user is not a login subject: the attempt costs a decoy check and fails like an unknown one.
    return one(Caller.STAFF, "SELECT * FROM staff_user WHERE staff_id = $1 AND status = 'ACTIVE'", staffId);
  }

  /**
   * Reserves one attempt before the password is checked, in one statement: refused (null) while the subject is
   * locked or already has {@code maxFailures} attempts outstanding, so parallel guesses cannot exceed the limit.
   * A reserved attempt counts as a failure until {@link #recordSuccess} clears it.
   */
  Future<Boolean> reserveAttempt(Subject subject, int maxFailures) {
    String sql = """
        UPDATE %s SET failed_logins = failed_logins + 1
         WHERE %s = $1 AND (locked_until IS NULL OR locked_until <= now()) AND failed_logins < $2
        RETURNING failed_logins""".formatted(table(subject.kind()), idColumn(subject.kind()));
    return pool.preparedQuery(sql).execute(Tuple.of(subject.id(), maxFailures)).map(rows -> rows.size() == 1);
  }

  /**
   * After a failed attempt: locks the subject for {@code lock} once the limit is reached (and starts the count
   * afresh). Returns the end of the lock, or null when not locked.
   */
  Future<Instant> recordFailure(Subject subject, int maxFailures, Duration lock) {
    String sql = """
        UPDATE %s
           SET locked_until = CASE WHEN failed_logins >= $2 AND (locked_until IS NULL OR locked_until <= now())
                                   THEN now() + make_interval(secs => $3) ELSE locked_until END,
               failed_logins = CASE WHEN failed_logins >= $2 THEN 0 ELSE failed_logins END
         WHERE %s = $1
        RETURNING locked_until""".formatted(table(subject.kind()), idColumn(subject.kind()));
    return pool.preparedQuery(sql)
        .execute(Tuple.of(subject.id(), maxFailures, (double) lock.toSeconds()))
        .map(rows -> lockEnd(rows));
  }

  /** The current lock end of a subject whose attempt was refused (locks just being set included). */
  Future<Instant> lockedUntil(Subject subject, int maxFailures, Duration lock) {
    return recordFailure(subject, maxFailures, lock);
  }

  /** Gives back an attempt that ended without a verdict. */
  Future<Void> releaseAttempt(Subject subject) {
    String sql = "UPDATE %s SET failed_logins = greatest(failed_logins - 1, 0) WHERE %s = $1"
        .formatted(table(subject.kind()), idColumn(subject.kind()));
    return pool.preparedQuery(sql).execute(Tuple.of(subject.id())).mapEmpty();
  }

  /** Clears the failure count after a correct password, unless a parallel failure has locked the subject since. */
  Future<Void> recordSuccess(Subject subject) {
    String sql = """
        UPDATE %s SET failed_logins = 0
         WHERE %s = $1 AND (locked_until IS NULL OR locked_until <= now())""".formatted(table(subject.kind()),
        idColumn(subject.kind()));
    return pool.preparedQuery(sql).execute(Tuple.of(subject.id())).mapEmpty();
  }

  String decryptPhone(Subject subject) {
    return fields.decrypt(PHONE, subject.phoneOwner(), subject.phoneEnc());
  }

  private Instant lockEnd(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    OffsetDateTime until = rows.iterator().next().getOffsetDateTime("locked_until");
    return until == null || until.toInstant().isBefore(clock.instant()) ? null : until.toInstant();
  }

  private Future<Subject> one(String kind, String sql, String key) {
    return pool.preparedQuery(sql).execute(Tuple.of(key))
        .map(rows -> rows.size() == 0 ? null : toSubject(kind, rows.iterator().next()));
  }

  private static Subject toSubject(String kind, Row row) {
    OffsetDateTime locked = row.getOffsetDateTime("locked_until");
    String id = switch (kind) {
      case Caller.MEMBER -> row.getString("person_id");
      case Caller.EMPLOYER -> row.getString("employer_id");
      default -> row.getString("staff_id");
    };
    List<String> roles = Caller.STAFF.equals(kind) ? Arrays.asList(row.getArrayOfStrings("roles")) : List.of();
    String phone = Caller.STAFF.equals(kind) ? null : row.getString("phone_enc");
    // The phone is a person's: the member itself, or the employer's agent.
    String phoneOwner = Caller.STAFF.equals(kind) ? null : row.getString("person_id");
    return new Subject(kind, id, row.getString("name"), row.getString("password_hash"), phone, phoneOwner, roles,
        locked == null ? null : locked.toInstant());
  }

  private static String table(String kind) {
    return switch (kind) {
      case Caller.MEMBER -> "person";
      case Caller.EMPLOYER -> "employer_login";
      default -> "staff_user";
    };
  }

  private static String idColumn(String kind) {
    return switch (kind) {
      case Caller.MEMBER -> "person_id";
      case Caller.EMPLOYER -> "employer_id";
      default -> "staff_id";
    };
  }
}
