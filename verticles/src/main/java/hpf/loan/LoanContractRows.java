package hpf.loan;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

/**
 * The rows of loan contracts and their states: SIGNED → PRE_REGISTERED → DISBURSING → ACTIVE, or DISBURSING →
 * DISBURSEMENT_FAILED → DISBURSING again (a new payment after the bank refused one). Every move appends to the
 * contract's history with who made it and why.
 */
final class LoanContractRows {

  static final String SIGNED = "SIGNED";
  static final String PRE_REGISTERED = "PRE_REGISTERED";
  static final String DISBURSING = "DISBURSING";
  static final String ACTIVE = "ACTIVE";
  static final String DISBURSEMENT_FAILED = "DISBURSEMENT_FAILED";
  /** Every installment received in full (set by hpf.loan.servicing). */
  static final String SETTLED = "SETTLED";

  static final Set<String> ALL = Set.of(SIGNED, PRE_REGISTERED, DISBURSING, ACTIVE, DISBURSEMENT_FAILED,
      SETTLED);

  private static final Map<String, Set<String>> MOVES = Map.of(
      SIGNED, Set.of(PRE_REGISTERED),
      PRE_REGISTERED, Set.of(DISBURSING),
      DISBURSING, Set.of(ACTIVE, DISBURSEMENT_FAILED),
      DISBURSEMENT_FAILED, Set.of(DISBURSING));

  private LoanContractRows() {}

  static Future<String> nextId(SqlClient sql) {
    return sql.query("SELECT 'HT' || nextval('loan_contract_number') AS id").execute()
        .map(rows -> rows.iterator().next().getString("id"));
  }

  /** The contract, locked; not found for another person when {@code personId} is given. */
  static Future<Row> lock(SqlConnection conn, String contractId, String personId) {
    return conn.preparedQuery("SELECT * FROM loan_contract WHERE contract_id = $1 AND ($2::text IS NULL "
            + "OR person_id = $2) FOR UPDATE")
        .execute(Tuple.of(contractId, personId))
        .compose(rows -> rows.size() == 0
            ? Future.<Row>failedFuture(new ProblemException(LoanContractProblems.CONTRACT_NOT_FOUND))
            : Future.succeededFuture(rows.iterator().next()));
  }

  static Future<Void> record(SqlConnection conn, String contractId, String state, String reason, String actor,
                             OffsetDateTime at) {
    return conn.preparedQuery("""
            INSERT INTO loan_contract_history (contract_id, seq, state, reason, actor, entered_at)
            SELECT $1, coalesce(max(seq), 0) + 1, $2::text, $3::text, $4::text, $5::timestamptz
              FROM loan_contract_history WHERE contract_id = $1""")
        .execute(Tuple.of(contractId, state, reason, actor, at)).mapEmpty();
  }

  /** Moves the (locked) contract from {@code from} to {@code to}; a move the table does not allow is a bug. */
  static Future<Void> move(SqlConnection conn, String contractId, String from, String to, String reason, String actor,
                           OffsetDateTime at) {
    if (!MOVES.getOrDefault(from, Set.of()).contains(to)) {
      return Future.failedFuture(new IllegalStateException("loan contract " + contractId + ": " + from + " → " + to));
    }
    return conn.preparedQuery("UPDATE loan_contract SET state = $2, state_reason = $3, updated_at = now() "
            + "WHERE contract_id = $1 AND state = $4")
        .execute(Tuple.of(contractId, to, reason, from))
        .compose(updated -> updated.rowCount() == 1 ? record(conn, contractId, to, reason, actor, at)
            : Future.failedFuture(new IllegalStateException("loan contract " + contractId + " was not " + from)));
  }

  /** How many times the contract entered {@code state}: numbers each payment attempt's idempotency keys. */
  static Future<Integer> times(SqlConnection conn, String contractId, String state) {
    return conn.preparedQuery("SELECT count(*) AS n FROM loan_contract_history WHERE contract_id = $1 AND state = $2")
        .execute(Tuple.of(contractId, state)).map(rows -> rows.iterator().next().getInteger("n"));
  }
}
