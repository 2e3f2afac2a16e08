package hpf.account;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;

/**
 * Who works for an employer now, for other rooms (the loan room's view for an employer): the persons with a normal
 * account (01) at that employer. A member the employer removed (减员: the account sealed) or who joined another
 * employer (the account moved there) is not among them.
 */
public final class EmployerMembers {

  private EmployerMembers() {}

  /** The person ids of the employer's current members, in order; an unknown employer fails EMPLOYER_NOT_FOUND (404). */
  public static Future<List<String>> current(SqlClient sql, String employerId) {
    return sql.preparedQuery("""
            SELECT (SELECT coalesce(array_agg(m.person_id ORDER BY m.person_id), '{}') FROM member_account m
                     WHERE m.employer_id = e.employer_id AND m.status = '01') AS persons
              FROM employer e WHERE e.employer_id = $1""")
        .execute(Tuple.of(employerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_NOT_FOUND));
          }
          Row row = rows.iterator().next();
          return Future.succeededFuture(Arrays.asList(row.getArrayOfStrings("persons")));
        });
  }
}
