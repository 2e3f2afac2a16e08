package hpf.loan.servicing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An active loan as servicing reads it: the contract's facts (borrower, rate, state, repayment payee) and each
 * installment with what was received against it, from loan_installment and loan_repayment_part.
 */
record ServicedLoan(String contractId, String personId, String applicationId, String state, BigDecimal annualRate,
                    BigDecimal principal, LocalDate disbursedOn, String repaymentMethod, Long repaymentPayeeId,
                    short scheduleVersion, List<Period> periods) {

  /** JGJ/T 320 A.11: 01 等额本息, 02 等额本金. */
  hpf.loan.terms.RepaymentMethod method() {
    return hpf.loan.terms.RepaymentMethod.ofCode(repaymentMethod);
  }

  /** The same loan with another schedule version in force. */
  ServicedLoan withSchedule(short version, List<Period> schedule) {
    return new ServicedLoan(contractId, personId, applicationId, state, annualRate, principal, disbursedOn,
        repaymentMethod, repaymentPayeeId, version, schedule);
  }


  /** The loan locked for this transaction (FOR UPDATE: receipts and deductions of one loan queue behind each other). */
  static Future<ServicedLoan> lock(SqlConnection conn, String contractId) {
    return read(conn, contractId, " FOR UPDATE");
  }

  /** The loan without a lock (views). */
  static Future<ServicedLoan> read(SqlClient sql, String contractId) {
    return read(sql, contractId, "");
  }

  private static Future<ServicedLoan> read(SqlClient sql, String contractId, String lock) {
    return sql.preparedQuery("""
            SELECT contract_id, person_id, application_id, state, annual_rate, principal, disbursed_on,
                   repayment_method, repayment_payee_id, schedule_version
              FROM loan_contract WHERE contract_id = $1""" + lock)
        .execute(Tuple.of(contractId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row c = rows.iterator().next();
          return periods(sql, contractId).map(periods -> new ServicedLoan(contractId, c.getString("person_id"),
              c.getString("application_id"), c.getString("state"), c.getBigDecimal("annual_rate"),
              c.getBigDecimal("principal"), c.getLocalDate("disbursed_on"), c.getString("repayment_method"),
              c.getLong("repayment_payee_id"),
              c.getShort("schedule_version"), periods));
        });
  }

  private static Future<List<Period>> periods(SqlClient sql, String contractId) {
    return sql.preparedQuery("""
            SELECT i.period, i.due_on, i.principal, i.interest,
                   (SELECT json_agg(json_build_array(p.value_date, p.part, p.amount::text) ORDER BY p.value_date)
                      FROM loan_repayment_part p WHERE p.contract_id = i.contract_id AND p.period = i.period) AS parts
              FROM loan_installment i
             WHERE i.contract_id = $1
               AND i.version = (SELECT schedule_version FROM loan_contract WHERE contract_id = $1)
             ORDER BY i.period""")
        .execute(Tuple.of(contractId))
        .map(rows -> {
          List<Period> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(new Period(row.getInteger("period"), row.getLocalDate("due_on"),
              row.getBigDecimal("principal"), row.getBigDecimal("interest"), received(row.getValue("parts")))));
          return out;
        });
  }

  /**
   * The installments due by {@code asOf} (schedule in force) of several loans, with what was received against each:
   * all {@link Arrears} needs for that day, for a page of loans in one query.
   */
  static Future<Map<String, List<Period>>> periodsDueBy(SqlClient sql, List<String> contractIds, LocalDate asOf) {
    return sql.preparedQuery("""
            SELECT i.contract_id, i.period, i.due_on, i.principal, i.interest,
                   (SELECT json_agg(json_build_array(p.value_date, p.part, p.amount::text) ORDER BY p.value_date)
                      FROM loan_repayment_part p WHERE p.contract_id = i.contract_id AND p.period = i.period) AS parts
              FROM loan_installment i JOIN loan_contract c ON c.contract_id = i.contract_id
             WHERE i.contract_id = ANY($1) AND i.version = c.schedule_version AND i.due_on <= $2
             ORDER BY i.contract_id, i.period""")
        .execute(Tuple.of(contractIds.toArray(String[]::new), asOf))
        .map(rows -> {
          Map<String, List<Period>> out = new HashMap<>();
          rows.forEach(row -> out.computeIfAbsent(row.getString("contract_id"), id -> new ArrayList<>())
              .add(new Period(row.getInteger("period"), row.getLocalDate("due_on"), row.getBigDecimal("principal"),
                  row.getBigDecimal("interest"), received(row.getValue("parts")))));
          return out;
        });
  }

  /** The parts of one installment grouped by value date. */
  private static List<Period.Received> received(Object parts) {
    if (!(parts instanceof JsonArray list)) {
      return List.of();
    }
    Map<LocalDate, BigDecimal[]> byDay = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonArray part = list.getJsonArray(i);
      BigDecimal[] sums = byDay.computeIfAbsent(LocalDate.parse(part.getString(0)),
          d -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      int slot = switch (part.getString(1)) {
        case "PRINCIPAL" -> 0;
        case "INTEREST" -> 1;
        default -> 2;
      };
      sums[slot] = sums[slot].add(new BigDecimal(part.getString(2)));
    }
    List<Period.Received> out = new ArrayList<>();
    byDay.forEach((day, sums) -> out.add(new Period.Received(day, sums[0], sums[1], sums[2])));
    return out;
  }

  /**
   * Whether a payment of the loan is with a bank (a deduction, a payoff or a prepayment from the card): while one
   * is, no other is taken, so what the bank confirms is exactly what was asked for.
   */
  static Future<Boolean> paymentInFlight(SqlClient sql, String contractId) {
    return sql.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM loan_deduction WHERE contract_id = $1 AND state = 'PENDING')
                OR EXISTS (SELECT 1 FROM loan_payoff WHERE contract_id = $1 AND state = 'PENDING')
                OR EXISTS (SELECT 1 FROM loan_prepayment WHERE contract_id = $1 AND state = 'COLLECTING') AS busy""")
        .execute(Tuple.of(contractId)).map(rows -> rows.iterator().next().getBoolean("busy"));
  }

  /**
   * Principal not yet received (the loan receivable's balance): the schedule in force spreads exactly the principal
   * not paid ahead of it, so its installments' unpaid principal is what is left.
   */
  BigDecimal outstandingPrincipal() {
    return periods.stream().map(p -> p.principal().subtract(p.paidPrincipal())).reduce(BigDecimal.ZERO.setScale(2),
        BigDecimal::add);
  }
}
