package hpf.loan.servicing;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What paying a loan off on a day costs (提前结清金额), pure: everything owed that day ({@link Arrears}), the
 * principal of the installments not yet due, and the interest accrued on that principal since the last due date (or
 * the disbursement) at the contract rate over 360 days, rounded half-up to the fen.
 */
public record PayoffQuote(LocalDate day, List<Owed> owed, BigDecimal remainingPrincipal, int accruedDays,
                          BigDecimal accruedInterest) {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal DAY_BASIS = BigDecimal.valueOf(360);

  public static PayoffQuote of(List<Period> periods, BigDecimal annualRate, LocalDate disbursedOn, LocalDate day,
                               OverduePolicy policy) {
    List<Owed> owed = Arrears.on(periods, annualRate, day, policy);
    BigDecimal remaining = periods.stream().filter(p -> p.dueOn().isAfter(day))
        .map(p -> p.principal().subtract(p.paidPrincipal())).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    LocalDate lastDue = periods.stream().map(Period::dueOn).filter(d -> !d.isAfter(day)).reduce((a, b) -> b)
        .orElse(disbursedOn);
    int days = (int) Math.max(0, ChronoUnit.DAYS.between(lastDue, day));
    BigDecimal accrued = remaining.multiply(annualRate, MC).multiply(BigDecimal.valueOf(days), MC)
        .divide(DAY_BASIS, MC).setScale(2, RoundingMode.HALF_UP);
    return new PayoffQuote(day, owed, remaining, days, accrued);
  }

  public BigDecimal owedTotal() {
    return owed.stream().map(Owed::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }

  public BigDecimal total() {
    return owedTotal().add(remainingPrincipal).add(accruedInterest);
  }

  JsonObject toJson() {
    BigDecimal principal = owed.stream().map(Owed::principal).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    BigDecimal interest = owed.stream().map(Owed::interest).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    BigDecimal penalty = owed.stream().map(Owed::penalty).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    return new JsonObject().put("day", day.toString())
        .put("owed", new JsonObject().put("principal", principal.toPlainString())
            .put("interest", interest.toPlainString()).put("penalty", penalty.toPlainString()))
        .put("remainingPrincipal", remainingPrincipal.toPlainString()).put("accruedDays", accruedDays)
        .put("accruedInterest", accruedInterest.toPlainString()).put("total", total().toPlainString());
  }
}
