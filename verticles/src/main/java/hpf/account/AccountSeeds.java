package hpf.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/** Registers an employer that already exists elsewhere (demo data, migrations from an older system). */
public final class AccountSeeds {

  private AccountSeeds() {}

  public static Future<Void> employer(Pool pool, String employerId, String creditCode, String name, String ratio,
                                      LocalDate openedOn) {
    return pool.preparedQuery("""
            INSERT INTO employer (employer_id, credit_code, name, employer_ratio, member_ratio, opened_on)
            VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(employerId, creditCode, name, new java.math.BigDecimal(ratio), openedOn)).mapEmpty();
  }
}
