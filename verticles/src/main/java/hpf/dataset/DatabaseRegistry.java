package hpf.dataset;

import hpf.account.AccountRows;
import hpf.identity.PersonRows;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link Registry} of a live database, on a connection of its own (outside the generation's transaction, so it
 * sees what others committed): sequence values handed out for good, identifiers already in use.
 */
final class DatabaseRegistry implements Registry {

  private final Connection connection;

  DatabaseRegistry(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(true);
  }

  @Override
  public long[] next(String sequence, int count) {
    long[] values = new long[count];
    if (count == 0) {
      return values;
    }
    try (PreparedStatement st = connection.prepareStatement("SELECT nextval(?::regclass) FROM generate_series(1, ?)")) {
      st.setString(1, sequence);
      st.setInt(2, count);
      try (ResultSet rs = st.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          values[i] = rs.getLong(1);
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take numbers from " + sequence + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Set<String> creditCodesInUse(Collection<String> creditCodes) {
    return inUse(AccountRows.CREDIT_CODES_IN_USE, creditCodes);
  }

  @Override
  public Set<String> idNumbersInUse(Collection<String> blindIndexes) {
    return inUse(PersonRows.ID_NUMBERS_IN_USE, blindIndexes);
  }

  private Set<String> inUse(String sql, Collection<String> values) {
    Set<String> found = new HashSet<>();
    if (values.isEmpty()) {
      return found;
    }
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      Array array = connection.createArrayOf("text", values.toArray());
      st.setArray(1, array);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look up identifiers in use: " + e.getMessage(), e);
    }
  }
}
