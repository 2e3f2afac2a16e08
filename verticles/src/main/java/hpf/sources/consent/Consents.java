package hpf.sources.consent;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The consent check every data-source query passes first (信息共享授权验证): a person's consent for the business
 * purpose, covering the data scope, in force now (started, not expired, not revoked). Without one the query is
 * refused with {@code CONSENT_REQUIRED} before anything is sent.
 */
public final class Consents {

  /** The businesses a consent is given for (the Mianyang table of which business verifies what). */
  public static final Set<String> PURPOSES = Set.of("MEMBER_OPENING", "WITHDRAWAL_PURCHASE", "WITHDRAWAL_LOAN_REPAYMENT",
      "WITHDRAWAL_RENT", "WITHDRAWAL_RETIREMENT", "WITHDRAWAL_SETTLING_ABROAD", "WITHDRAWAL_DEATH",
      "WITHDRAWAL_BUILD_REPAIR", "WITHDRAWAL_DISABILITY", "WITHDRAWAL_ILLNESS", "WITHDRAWAL_LEAVING_FOREIGN",
      "WITHDRAWAL_MOVED_OUT", "LOAN", "DEPOSIT_INQUIRY");

  private final Clock clock;

  public Consents(Clock clock) {
    this.clock = clock;
  }

  public Consents() {
    this(Clock.systemUTC());
  }

  /**
   * Succeeds when the person has a consent in force for the purpose that covers the scope; otherwise fails with
   * {@code CONSENT_REQUIRED} (403).
   *
   * @param channel the app the consent must have been given through, or null for a consent given through any
   *                channel (the usual case: a member who consented in the app is not asked again at the counter)
   */
  public Future<Void> require(SqlClient sql, String personId, String purpose, String scope, String channel) {
    return inForce(sql, personId, purpose, scope, channel).compose(consent -> consent != null
        ? Future.succeededFuture()
        : Future.failedFuture(new ProblemException(ConsentProblems.required(purpose, scope))));
  }

  /** The consent in force now that lasts longest, or null. */
  Future<Row> inForce(SqlClient sql, String personId, String purpose, String scope, String channel) {
    return sql.preparedQuery("""
            SELECT consent_id, channel, valid_from, valid_until FROM consent
             WHERE person_id = $1 AND purpose = $2 AND $3 = ANY (scopes) AND ($4::text IS NULL OR channel = $4)
               AND revoked_at IS NULL AND valid_from <= $5 AND valid_until > $5
             ORDER BY valid_until DESC LIMIT 1""")
        .execute(Tuple.of(personId, purpose, scope, channel, now()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
