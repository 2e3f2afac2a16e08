package hpf.loan.terms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A loan's full repayment schedule with its totals: the principal of the installments sums exactly to the loan, the
 * interest and payment totals are what the member pays over the term.
 */
public record Schedule(BigDecimal principal, BigDecimal annualRate, int months, RepaymentMethod method,
                       LocalDate disbursedOn, List<Installment> installments, BigDecimal totalPrincipal,
                       BigDecimal totalInterest, BigDecimal totalPayment) {

  public Schedule {
    installments = List.copyOf(installments);
  }

  public Installment first() {
    return installments.get(0);
  }

  public Installment last() {
    return installments.get(installments.size() - 1);
  }

  /** The largest single payment of the term (等额本金: the first; 等额本息: the regular one or the last). */
  public BigDecimal highestPayment() {
    BigDecimal highest = BigDecimal.ZERO.setScale(2);
    for (Installment i : installments) {
      highest = highest.max(i.payment());
    }
    return highest;
  }
}
