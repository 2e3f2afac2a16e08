package hpf.loan.servicing;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a partial prepayment collects on a day (pure): everything owed that day, the principal prepaid, and that
 * principal's interest since the last due date (or the disbursement) at the contract rate over 360 days, to the fen
 * (the next installment's interest is reckoned on the principal left after the prepayment).
 */
public record PrepaymentQuote(LocalDate day, List<Owed> owed, BigDecimal principal, int accruedDays,
                              BigDecimal accruedInterest) {

  public static PrepaymentQuote of(List<Period> periods, BigDecimal annualRate, LocalDate disbursedOn, LocalDate day,
                                   BigDecimal principal, OverduePolicy policy) {
    PayoffQuote payoff = PayoffQuote.of(periods, annualRate, disbursedOn, day, policy);
    BigDecimal accrued = principal.multiply(annualRate, MathContext.DECIMAL128)
        .multiply(BigDecimal.valueOf(payoff.accruedDays()), MathContext.DECIMAL128)
        .divide(BigDecimal.valueOf(360), MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
    return new PrepaymentQuote(day, payoff.owed(), principal, payoff.accruedDays(), accrued);
  }

  public BigDecimal owedTotal() {
    return owed.stream().map(Owed::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }

  public BigDecimal total() {
    return owedTotal().add(principal).add(accruedInterest);
  }

  JsonObject toJson() {
    return new JsonObject().put("day", day.toString()).put("owed", owedTotal().toPlainString())
        .put("principal", principal.toPlainString()).put("accruedDays", accruedDays)
        .put("accruedInterest", accruedInterest.toPlainString()).put("total", total().toPlainString());
  }
}
