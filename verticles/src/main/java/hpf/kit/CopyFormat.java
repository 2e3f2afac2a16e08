package hpf.kit;

import java.sql.SQLException;
import java.util.List;

/**
 * A table's row format for bulk loading with PostgreSQL's COPY: the owner room names its table and columns once,
 * and its row writer adds the values in that order, so a bulk writer (the data set generator) never spells them.
 */
public record CopyFormat(String table, List<String> columns) {

  public CopyFormat {
    columns = List.copyOf(columns);
  }

  /** The statement that streams rows of this format into its table. */
  public String copyStatement() {
    return "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
  }

  /** Where a row writer puts its values: one {@link #add} per column, in the format's order, then {@link #row}. */
  public interface Sink {

    Sink add(Object value);

    void row() throws SQLException;
  }
}
