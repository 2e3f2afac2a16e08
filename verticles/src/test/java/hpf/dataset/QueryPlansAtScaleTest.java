package hpf.dataset;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot paths' statements at scale: on a generated data set (20,000 members by default; -Dhpf.plans.members=N for
 * more) with as many sessions and idempotency records, no statement of a member or staff account read, a withdrawal
 * submission, a session or revocation lookup or a catalogue read scans a table of more than a thousand rows, in the
 * plan for its parameters or in the generic plan a prepared statement may switch to. The statements are the rooms'
 * texts (see {@link HotPathStatements}). -Dhpf.plans.print=true prints each plan's root node with EXPLAIN ANALYZE timings.
 */
class QueryPlansAtScaleTest {

  private static final int MEMBERS = Integer.getInteger("hpf.plans.members", 20_000);
  private static final long LARGE = 1_000;

  @Test
  void noHotPathStatementScansALargeTable() throws Exception {
    try (ScratchDatabase db = new ScratchDatabase()) {
      DatasetGeneratorTest.generate(db, new DatasetSpec(MEMBERS, Math.max(10, MEMBERS / 25), 3, YearMonth.of(2026, 10), 31),
          DatasetGenerator.Purpose.COMMAND, false);
      try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
        st.execute("""
            INSERT INTO session (session_id, subject_kind, subject_id, roles, app_id, refresh_hash, refresh_expires, revoked_at)
            SELECT gen_random_uuid()::text, 'MEMBER', person_id, '{}', 'app', md5(person_id), now() + interval '1 day',
                   CASE WHEN random() < 0.1 THEN now() END FROM person""");
        st.execute("""
            INSERT INTO idempotency_record (caller, key, operation, fingerprint, status, body)
            SELECT 'MEMBER:' || person_id, gen_random_uuid()::text, 'applyWithdrawal', 'f', 202, '{}' FROM person""");
        // What a data set does not write but every application or review adds: checks, reviews, lifted list entries.
        st.execute("""
            INSERT INTO withdrawal_check (application_id, source, outcome, detail)
            SELECT application_id, source, 'PASSED', '' FROM withdrawal_application, unnest(ARRAY['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) AS source""");
        st.execute("""
            INSERT INTO withdrawal_review (application_id, stage, decision, staff_id, comment)
            SELECT application_id, 'FIRST', 'APPROVE', 'S1', '' FROM withdrawal_application""");
        st.execute("""
            INSERT INTO blocked_person (person_id, reason, listed_by, lifted_by, lifted_at)
            SELECT person_id, 'x', 'S1', 'S1', now() FROM person""");
        st.execute("ANALYZE");
      }
      SqlConnection conn = done(db.pool.getConnection());
      try {
        Map<String, Tuple> statements = HotPathStatements.of(sample(conn));
        Set<String> large = largeTables(conn);
        assertThat(large).contains("member_account", "person", "ledger_entry", "ledger_transaction", "ledger_balance",
            "session", "idempotency_record", "blocked_person");
        List<String> scans = new ArrayList<>();
        for (String mode : List.of("auto", "force_generic_plan")) {
          done(conn.query("SET plan_cache_mode = " + mode).execute());
          for (Map.Entry<String, Tuple> s : statements.entrySet()) {
            JsonObject plan = explain(conn, "EXPLAIN (FORMAT JSON) ", s.getKey(), s.getValue());
            for (String table : seqScans(plan, new ArrayList<>())) {
              if (large.contains(table)) {
                scans.add(mode + ": " + table + " in " + s.getKey());
              }
            }
          }
        }
        done(conn.query("RESET plan_cache_mode").execute());
        if (Boolean.getBoolean("hpf.plans.print")) {
          print(conn, statements);
        }
        assertThat(scans).isEmpty();
      } finally {
        done(conn.close());
      }
    }
  }

  /** A member with an account, a withdrawal application and an instruction, as the statements' parameters. */
  private static Map<String, Object> sample(SqlConnection conn) {
    Row row = done(conn.query("""
            SELECT m.person_id, m.account_no, m.ledger_account, w.application_id, w.instruction_id, s.session_id,
                   s.refresh_hash
              FROM member_account m JOIN withdrawal_application w ON w.account_no = m.account_no
              JOIN session s ON s.subject_id = m.person_id
             ORDER BY m.account_no LIMIT 1""").execute()).iterator().next();
    Map<String, Object> sample = new LinkedHashMap<>();
    for (String column : List.of("person_id", "account_no", "ledger_account", "application_id", "session_id", "refresh_hash")) {
      sample.put(column, row.getString(column));
    }
    sample.put("instruction_id", row.getUUID("instruction_id"));
    sample.put("txn_id", UUID.randomUUID());
    return sample;
  }

  private static Set<String> largeTables(SqlConnection conn) {
    Set<String> large = new TreeSet<>();
    done(conn.preparedQuery("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
            + "AND reltuples > $1").execute(Tuple.of(LARGE)))
        .forEach(r -> large.add(r.getString(0)));
    return large;
  }

  private static JsonObject explain(SqlConnection conn, String explain, String sql, Tuple args) {
    return explained(conn, explain, sql, args).getJsonObject("Plan");
  }

  private static JsonObject explained(SqlConnection conn, String explain, String sql, Tuple args) {
    Object json = done(conn.preparedQuery(explain + sql).execute(args)).iterator().next().getValue(0);
    JsonArray plans = json instanceof JsonArray a ? a : new JsonArray(json.toString());
    return plans.getJsonObject(0);
  }

  /** Every node of the plan: its type, and the relation and index it reads. */
  private static List<String> describe(JsonObject node, List<String> out) {
    out.add(node.getString("Node Type") + (node.containsKey("Relation Name") ? " " + node.getString("Relation Name") : "")
        + (node.containsKey("Index Name") ? " (" + node.getString("Index Name") + ")" : ""));
    JsonArray children = node.getJsonArray("Plans");
    if (children != null) {
      children.forEach(child -> describe((JsonObject) child, out));
    }
    return out;
  }

  private static <T> T done(io.vertx.core.Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The relations this plan node or any below it reads with a sequential scan. */
  private static List<String> seqScans(JsonObject node, List<String> found) {
    if ("Seq Scan".equals(node.getString("Node Type"))) {
      found.add(node.getString("Relation Name"));
    }
    JsonArray children = node.getJsonArray("Plans");
    if (children != null) {
      children.forEach(child -> seqScans((JsonObject) child, found));
    }
    return found;
  }

  /** Each read statement's plan root with its timing; writes are left out (EXPLAIN ANALYZE would run them). */
  private static void print(SqlConnection conn, Map<String, Tuple> statements) {
    System.out.println("plans at " + MEMBERS + " members:");
    statements.forEach((sql, args) -> {
      String head = sql.strip().split("\\s+")[0];
      boolean read = head.equals("SELECT") || head.equals("WITH") && !sql.contains("UPDATE");
      JsonObject explained = explained(conn, read ? "EXPLAIN (ANALYZE, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ", sql, args);
      JsonObject plan = explained.getJsonObject("Plan");
      System.out.println("- " + sql.strip().replaceAll("\\s+", " ") + "\n    " + describe(plan, new ArrayList<>())
          + (read ? "; executed in " + explained.getValue("Execution Time") + " ms" : ""));
    });
  }
}
