package hpf.loan.terms;

import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;

/**
 * The loan policy in force on a business date, from hpf.policy. A loan accepted but not yet paid out takes the rates
 * in force on its disbursement date: callers pass that date, not the application's.
 */
public final class LoanPolicies {

  private LoanPolicies() {}

  public static Future<LoanPolicy> inForce(SqlClient sql, LocalDate businessDate) {
    return new Policies(sql).asOf(businessDate).map(LoanPolicy::of);
  }
}
