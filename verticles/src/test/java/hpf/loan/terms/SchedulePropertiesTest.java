package hpf.loan.terms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties every schedule keeps, over many random loans (a fixed seed, so a failure is reproducible): the principal
 * sums exactly to the loan, no amount is negative or finer than the fen, each period's interest is fen(owed × r), the
 * regular periods follow the method, the last one repays everything still owed, due dates step a month at a time.
 */
class SchedulePropertiesTest {

  private static final long SEED = 20260517L;
  private static final int CASES = 1000;

  @Test
  void everyRandomScheduleKeepsTheRules() {
    Random random = new Random(SEED);
    for (int c = 0; c < CASES; c++) {
      BigDecimal principal = randomPrincipal(random);
      BigDecimal rate = random.nextInt(10) == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(60_001), 5);
      int months = random.nextInt(4) == 0 ? 1 + random.nextInt(12) : 1 + random.nextInt(Schedules.MAX_MONTHS);
      RepaymentMethod method = RepaymentMethod.values()[random.nextInt(2)];
      LocalDate disbursed = LocalDate.of(2015, 1, 1).plusDays(random.nextInt(6000));
      check(Schedules.of(principal, rate, months, method, disbursed), "case " + c + " seed " + SEED);
    }
  }

  @Test
  void tinyLoansOverLongTermsNeverRepayMoreThanOwed() {
    for (String p : new String[] {"0.01", "0.99", "2.00", "3.59", "10.00"}) {
      for (RepaymentMethod method : RepaymentMethod.values()) {
        check(Schedules.of(new BigDecimal(p), new BigDecimal("0.031"), 360, method, LocalDate.of(2026, 1, 30)), p);
      }
    }
  }

  private static void check(Schedule s, String label) {
    BigDecimal owed = s.principal();
    BigDecimal principalSum = BigDecimal.ZERO;
    BigDecimal interestSum = BigDecimal.ZERO;
    BigDecimal regular = s.method() == RepaymentMethod.EQUAL_INSTALLMENT
        ? Schedules.firstPayment(s.principal(), s.annualRate(), s.months(), s.method())
        : Schedules.fen(s.principal().divide(BigDecimal.valueOf(s.months()), Schedules.MC));
    int dueDay = Math.min(s.disbursedOn().getDayOfMonth(), 28);
    assertThat(s.installments()).as(label).hasSize(s.months());
    for (Installment i : s.installments()) {
      assertThat(i.principal().signum()).as(label).isGreaterThanOrEqualTo(0);
      assertThat(i.interest().signum()).as(label).isGreaterThanOrEqualTo(0);
      assertThat(i.principal().scale()).as(label).isEqualTo(2);
      assertThat(i.interest().scale()).as(label).isEqualTo(2);
      assertThat(i.payment()).as(label).isEqualTo(i.principal().add(i.interest()));
      assertThat(i.interest()).as(label).isEqualTo(Schedules.interest(owed, s.annualRate()));
      if (i.period() == s.months()) {
        assertThat(i.principal()).as(label + " last period repays what is owed").isEqualTo(owed);
      } else if (s.method() == RepaymentMethod.EQUAL_INSTALLMENT) {
        BigDecimal share = regular.subtract(i.interest()).max(BigDecimal.ZERO.setScale(2)).min(owed);
        assertThat(i.principal()).as(label).isEqualTo(share);
      } else {
        assertThat(i.principal()).as(label).isEqualTo(regular.min(owed));
      }
      owed = owed.subtract(i.principal());
      assertThat(i.outstandingAfter()).as(label).isEqualTo(owed);
      assertThat(i.due()).as(label).isEqualTo(s.disbursedOn().plusMonths(i.period()).withDayOfMonth(dueDay));
      principalSum = principalSum.add(i.principal());
      interestSum = interestSum.add(i.interest());
    }
    assertThat(owed.signum()).as(label).isZero();
    assertThat(principalSum).as(label + " principal sums to the loan").isEqualTo(s.principal());
    assertThat(s.totalPrincipal()).as(label).isEqualTo(s.principal());
    assertThat(s.totalInterest()).as(label).isEqualTo(interestSum);
    assertThat(s.totalPayment()).as(label).isEqualTo(s.principal().add(interestSum));
  }

  /** Mostly loan-sized amounts, some small ones, all in fen. */
  private static BigDecimal randomPrincipal(Random random) {
    long fen = switch (random.nextInt(4)) {
      case 0 -> 1 + random.nextInt(100_000);
      case 1 -> 100_000_00L + (long) (random.nextDouble() * 1_400_000_00L);
      default -> 1 + (long) (random.nextDouble() * 5_000_000_00L);
    };
    return BigDecimal.valueOf(fen, 2);
  }
}
