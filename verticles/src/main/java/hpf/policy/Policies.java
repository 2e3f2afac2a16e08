package hpf.policy;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The center's rule values as of a business date: for each parameter, the version with the latest effective
 * date not after that date. Rules never hold numbers of their own.
 */
public final class Policies {

  /** The parameters in force on one date. */
  public record AsOf(LocalDate date, Map<String, String> values) {
    public BigDecimal decimal(String name) {
      return new BigDecimal(text(name));
    }

    public String text(String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalStateException("no policy parameter " + name + " in force on " + date);
      }
      return value;
    }
  }

  private final SqlClient sql;

  public Policies(SqlClient sql) {
    this.sql = sql;
  }

  public Future<AsOf> asOf(LocalDate date) {
    return sql.preparedQuery("""
            SELECT DISTINCT ON (name) name, value FROM policy_parameter
             WHERE effective_from <= $1 ORDER BY name, effective_from DESC""")
        .execute(Tuple.of(date))
        .map(rows -> {
          Map<String, String> values = new HashMap<>();
          rows.forEach(row -> values.put(row.getString("name"), row.getString("value")));
          return new AsOf(date, Map.copyOf(values));
        });
  }
}
