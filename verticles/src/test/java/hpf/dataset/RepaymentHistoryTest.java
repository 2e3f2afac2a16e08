package hpf.dataset;

import hpf.kit.Money;
import hpf.loan.servicing.Allocation;
import hpf.loan.servicing.OverduePolicy;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated loan's repayment history, by hand: 12,000.00 at 3.1 % over three months (等额本金: 4,000.00 a month
 * plus 31.00, 20.67, 10.33 interest), paid out on 10 January, the data set's last day 30 June; Beijing's overdue rules
 * (grace from the 3rd day for 5 days, penalty 1.5 × rate / 360 a day from the day after the due date).
 */
class RepaymentHistoryTest {

  private static final BigDecimal RATE = new BigDecimal("0.031");
  private static final OverduePolicy BEIJING = new OverduePolicy(3, 5, new BigDecimal("1.5"), 360, 3);
  private static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);
  private static final Schedule SCHEDULE = Schedules.of(new BigDecimal("12000.00"), RATE, 3,
      RepaymentMethod.EQUAL_PRINCIPAL, LocalDate.of(2026, 1, 10));

  @Test
  void paidOnEachDueDateAndSettledWithTheLast() {
    RepaymentHistory h = history(RepaymentHistory.Kind.ON_TIME, 1, 0, 0);
    assertThat(h.attempts).extracting(RepaymentHistory.Attempt::day).containsExactly(LocalDate.of(2026, 2, 10),
        LocalDate.of(2026, 3, 10), LocalDate.of(2026, 4, 10));
    assertThat(h.attempts).extracting(RepaymentHistory.Attempt::amount).containsExactly(Money.parse("4031.00"),
        Money.parse("4020.67"), Money.parse("4010.33"));
    assertThat(h.attempts).allMatch(RepaymentHistory.Attempt::collected).allMatch(a -> a.detailType().equals("02"));
    assertThat(h.principal).isEqualTo(Money.parse("12000.00"));
    assertThat(h.nextDueOn).isNull();
    assertThat(h.settledOn).isEqualTo(LocalDate.of(2026, 4, 10));
  }

  @Test
  void aLateInstallmentIsRefusedOnItsDeductionDaysThenReceivedWithItsPenalty() {
    // The second installment (of three past grace), received the day after its grace period ends: 8 days late.
    RepaymentHistory h = history(RepaymentHistory.Kind.LATE, 1, 0.5, 0);
    List<RepaymentHistory.Attempt> refused = h.attempts.stream().filter(a -> !a.collected()).toList();
    // The due date, then every day of the grace period (the 3rd to the 7th day after); not the two days between.
    assertThat(refused).extracting(RepaymentHistory.Attempt::day).containsExactly(LocalDate.of(2026, 3, 10),
        LocalDate.of(2026, 3, 13), LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 16),
        LocalDate.of(2026, 3, 17));
    assertThat(refused).allMatch(a -> a.amount().equals(Money.parse("4020.67")));
    RepaymentHistory.Attempt late = h.attempts.stream().filter(a -> a.collected()
        && a.day().equals(LocalDate.of(2026, 3, 18))).findFirst().orElseThrow();
    // 4,020.67 × 0.031 × 1.5 / 360 × 8 = 4.1546… → 4.15
    assertThat(late.sum(Allocation.Kind.PENALTY)).isEqualTo(Money.parse("4.15"));
    assertThat(late.amount()).isEqualTo(Money.parse("4024.82"));
    assertThat(late.detailType()).isEqualTo("04");
    assertThat(late.parts()).allMatch(Allocation.Part::overdue);
    assertThat(h.settledOn).isEqualTo(LocalDate.of(2026, 4, 10));
  }

  @Test
  void anOverdueLoanIsRefusedEveryDeductionDayToTheLastDayAndWaitsForItsOldestUnpaidInstallment() {
    RepaymentHistory h = history(RepaymentHistory.Kind.OVERDUE, 1, 0, 0);
    assertThat(h.attempts.stream().filter(RepaymentHistory.Attempt::collected)).hasSize(2);
    List<RepaymentHistory.Attempt> refused = h.attempts.stream().filter(a -> !a.collected()).toList();
    // 10 April, then every day from 13 April to 30 June (79 days).
    assertThat(refused).hasSize(80);
    assertThat(refused.get(0).day()).isEqualTo(LocalDate.of(2026, 4, 10));
    assertThat(refused.get(1).day()).isEqualTo(LocalDate.of(2026, 4, 13));
    // On the last day: 4,010.33 and 81 days of penalty: 4,010.33 × 0.031 × 1.5 / 360 × 81 = 41.958… → 41.96.
    assertThat(refused.get(refused.size() - 1).day()).isEqualTo(LAST_DAY);
    assertThat(refused.get(refused.size() - 1).amount()).isEqualTo(Money.parse("4052.29"));
    assertThat(h.principal).isEqualTo(Money.parse("8000.00"));
    assertThat(h.nextDueOn).isEqualTo(LocalDate.of(2026, 4, 10));
    assertThat(h.settledOn).isNull();
  }

  @Test
  void installmentsAfterTheLastDayAreLeftToServicing() {
    Schedule year = Schedules.of(new BigDecimal("12000.00"), RATE, 12, RepaymentMethod.EQUAL_INSTALLMENT,
        LocalDate.of(2026, 4, 30));
    RepaymentHistory h = RepaymentHistory.of("HT1", year, RATE,
        new RepaymentHistory.Plan(1, BEIJING, LAST_DAY, RepaymentHistory.Kind.ON_TIME, 1, 0, 0));
    // Paid out on the 30th: due on the 28th of each month; 28 May and 28 June are received.
    assertThat(h.attempts).extracting(RepaymentHistory.Attempt::day).containsExactly(LocalDate.of(2026, 5, 28),
        LocalDate.of(2026, 6, 28));
    assertThat(h.nextDueOn).isEqualTo(LocalDate.of(2026, 7, 28));
    assertThat(h.settledOn).isNull();
  }

  private static RepaymentHistory history(RepaymentHistory.Kind kind, int unpaid, double pick, double lateDays) {
    return RepaymentHistory.of("HT1", SCHEDULE, RATE,
        new RepaymentHistory.Plan(1, BEIJING, LAST_DAY, kind, unpaid, pick, lateDays));
  }
}
