package hpf.dataset;

import hpf.account.AccountRows;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code dataset_run} table: which data sets a database holds, and the lock that lets one generation run. */
final class DatasetRuns {

  /** A data set generated earlier. */
  record Run(int runId, long seed, int members, String purpose, OffsetDateTime generatedAt) {
    @Override
    public String toString() {
      return "#" + runId + " (seed " + seed + ", " + members + " members, " + purpose.toLowerCase(java.util.Locale.ROOT)
          + ", generated " + generatedAt.toLocalDate() + ")";
    }
  }

  private DatasetRuns() {}

  /** Held until the generation's transaction ends; false when another generation holds it. */
  static boolean tryLock(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT pg_try_advisory_xact_lock(hashtext('hpf.dataset'))")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  static List<Run> existing(Connection connection) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery(
             "SELECT run_id, seed, members, purpose, generated_at FROM dataset_run ORDER BY run_id")) {
      while (rs.next()) {
        runs.add(new Run(rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
      }
    }
    return runs;
  }

  /** Whether the center has any member account at all (the demo set goes only into an empty database). */
  static boolean anyMemberAccount(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery(AccountRows.ANY_MEMBER_ACCOUNT)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  static int record(Connection connection, DatasetSpec spec, DatasetGenerator.Purpose purpose, String requestedBy,
                    Map<String, Long> counts) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("""
            INSERT INTO dataset_run (seed, members, employers, months, through, purpose, requested_by, row_counts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING run_id""")) {
      st.setLong(1, spec.seed());
      st.setInt(2, spec.members());
      st.setInt(3, spec.employers());
      st.setInt(4, spec.months());
      st.setString(5, spec.through().toString());
      st.setString(6, purpose.name());
      st.setString(7, requestedBy);
      st.setString(8, new JsonObject(new java.util.TreeMap<String, Object>(counts)).encode());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
