package hpf.identity;

import hpf.crypto.FieldCipher;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * One-time login codes sent by SMS: six digits, five minutes, single use, at most five guesses, one send a
 * minute per subject. Only a keyed hash (HMAC-SM3, the blind-index key) of subject and code is stored, so a
 * database copy does not give the codes away.
 */
final class SmsCodes {

  static final int VALID_SECONDS = 300;
  private static final int RESEND_SECONDS = 60;
  private static final int MAX_ATTEMPTS = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final SmsGatewayClient gateway;
  private final FieldCipher fields;

  SmsCodes(Pool pool, SmsGatewayClient gateway, FieldCipher fields) {
    this.pool = pool;
    this.gateway = gateway;
    this.fields = fields;
  }

  /** Sends a new code unless one was sent within the last minute (then fails with SMS_TOO_FREQUENT). */
  Future<Void> send(String kind, String subjectId, String phone) {
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    // The advisory lock serialises requests for one subject: without it, concurrent requests would all see
    // "nothing sent recently" (there is no row to lock yet) and all send.
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("sms_code:" + kind + ":" + subjectId))
        .compose(locked -> conn.preparedQuery("""
            SELECT 1 FROM sms_code WHERE subject_kind = $1 AND subject_id = $2
               AND created_at > now() - make_interval(secs => $3)""")
        .execute(Tuple.of(kind, subjectId, (double) RESEND_SECONDS)))
        .compose(recent -> recent.size() > 0
            ? Future.failedFuture(new hpf.kit.ProblemException(IdentityProblems.smsTooFrequent()))
            : conn.preparedQuery("""
                  INSERT INTO sms_code (subject_kind, subject_id, purpose, code_hash, expires_at)
                  VALUES ($1, $2, 'LOGIN', $3, now() + make_interval(secs => $4)) RETURNING code_id""")
                .execute(Tuple.of(kind, subjectId, hash(kind, subjectId, code), (double) VALID_SECONDS))
                .map(rows -> rows.iterator().next().getLong("code_id"))))
        .compose(codeId -> gateway.send(phone, "【住房公积金】您的登录验证码为 " + code + "，5 分钟内有效。请勿告知他人。")
            // A code that never left is withdrawn, so the member may ask again at once.
            .recover(e -> pool.preparedQuery("DELETE FROM sms_code WHERE code_id = $1").execute(Tuple.of(codeId))
                .transform(ignored -> Future.failedFuture(e))));
  }

  /** True when the code matches the subject's latest unused, unexpired code; the code is then used up. */
  Future<Boolean> consume(String kind, String subjectId, String code) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT code_id, code_hash, attempts FROM sms_code
             WHERE subject_kind = $1 AND subject_id = $2 AND used_at IS NULL AND expires_at > now()
             ORDER BY created_at DESC LIMIT 1 FOR UPDATE""")
        .execute(Tuple.of(kind, subjectId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Row row = rows.iterator().next();
          boolean match = row.getInteger("attempts") < MAX_ATTEMPTS
              && java.security.MessageDigest.isEqual(
                  row.getString("code_hash").getBytes(StandardCharsets.US_ASCII),
                  hash(kind, subjectId, code == null ? "" : code).getBytes(StandardCharsets.US_ASCII));
          String update = match ? "UPDATE sms_code SET used_at = now() WHERE code_id = $1"
              : "UPDATE sms_code SET attempts = attempts + 1 WHERE code_id = $1";
          return conn.preparedQuery(update).execute(Tuple.of(row.getLong("code_id"))).map(done -> match);
        }));
  }

  private String hash(String kind, String subjectId, String code) {
    return fields.blindIndex("sms_code", kind + "\u0000" + subjectId + "\u0000" + code);
  }
}
