package hpf.loan.servicing;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.loan.servicing.Allocation.Kind;
import hpf.loan.servicing.Allocation.Part;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is owed and how receipts apply, against cases computed by hand. Policy as Beijing's: grace from the 3rd day
 * for 5 days (due 15 January: grace 18–22 January), penalty 1.5 × the contract rate (3.1 %) over 360 days, so one
 * day of 1,200.00 unpaid costs 1,200.00 × 0.031 × 1.5 / 360 = 0.155.
 */
class ArrearsTest {

  private static final OverduePolicy BEIJING = new OverduePolicy(3, 5, new BigDecimal("1.5"), 360, 3);
  private static final BigDecimal RATE = new BigDecimal("0.031");
  private static final LocalDate DUE = LocalDate.of(2027, 1, 15);

  private static BigDecimal y(String yuan) {
    return new BigDecimal(yuan);
  }

  private static Period installment(Period.Received... received) {
    return new Period(1, DUE, y("1000.00"), y("200.00"), List.of(received));
  }

  private static Period.Received paid(LocalDate on, String principal, String interest, String penalty) {
    return new Period.Received(on, y(principal), y(interest), y(penalty));
  }

  @Test
  void theGracePeriodRunsFromTheThirdDayForFiveDaysAndDeductsOnEachOfThem() {
    assertThat(BEIJING.graceEnd(DUE)).isEqualTo(LocalDate.of(2027, 1, 22));
    assertThat(BEIJING.deductionDay(DUE, DUE)).isTrue();
    assertThat(BEIJING.deductionDay(DUE, DUE.plusDays(1))).isFalse();
    assertThat(BEIJING.deductionDay(DUE, DUE.plusDays(2))).isFalse();
    assertThat(BEIJING.deductionDay(DUE, DUE.plusDays(3))).isTrue();
    assertThat(BEIJING.deductionDay(DUE, DUE.plusDays(7))).isTrue();
  }

  @Test
  void paidInFullByTheEndOfGraceBearsNoPenalty() {
    Period p = installment(paid(DUE.plusDays(7), "1000.00", "200.00", "0.00"));
    assertThat(Arrears.on(List.of(p), RATE, DUE.plusDays(30), BEIJING)).isEmpty();
    assertThat(Arrears.everOverdue(List.of(p), DUE.plusDays(30), BEIJING)).isZero();
  }

  @Test
  void withinGraceTheInstallmentIsCurrentWithoutPenalty() {
    List<Owed> owed = Arrears.on(List.of(installment()), RATE, DUE.plusDays(7), BEIJING);
    assertThat(owed).containsExactly(new Owed(1, DUE, Owed.Standing.CURRENT, y("1000.00"), y("200.00"), y("0.00")));
    assertThat(Arrears.on(List.of(installment()), RATE, DUE.minusDays(1), BEIJING)).isEmpty();
  }

  @Test
  void pastGraceThePenaltyRunsFromTheDayAfterTheDueDate() {
    // 10 days × 1,200.00 × 0.031 × 1.5 / 360 = 1.55
    List<Owed> owed = Arrears.on(List.of(installment()), RATE, DUE.plusDays(10), BEIJING);
    assertThat(owed).containsExactly(new Owed(1, DUE, Owed.Standing.OVERDUE, y("1000.00"), y("200.00"), y("1.55")));
    assertThat(Arrears.overdueNow(owed)).isEqualTo(1);
    assertThat(Arrears.everOverdue(List.of(installment()), DUE.plusDays(10), BEIJING)).isEqualTo(1);
    // Penalty already received counts against it: 1.55 − 1.00.
    Period partlyPaid = installment(paid(DUE.plusDays(9), "0.00", "0.00", "1.00"));
    assertThat(Arrears.on(List.of(partlyPaid), RATE, DUE.plusDays(10), BEIJING).get(0).penalty()).isEqualTo(y("0.55"));
  }

  @Test
  void aPartPaidInGraceLowersTheAmountFromTheNextDay() {
    // 500.00 received on the 4th day: days 1–4 on 1,200.00 (4,800), days 5–10 on 700.00 (4,200);
    // 9,000 × 0.031 × 1.5 / 360 = 1.1625 → 1.16
    Period p = installment(paid(DUE.plusDays(4), "300.00", "200.00", "0.00"));
    List<Owed> owed = Arrears.on(List.of(p), RATE, DUE.plusDays(10), BEIJING);
    assertThat(owed).containsExactly(new Owed(1, DUE, Owed.Standing.OVERDUE, y("700.00"), y("0.00"), y("1.16")));
  }

  @Test
  void paidInFullAfterGraceLeavesOnlyThePenaltyUpToTheDayOfPayment() {
    // Paid on day 9: 9 days × 1,200.00 × 0.000129166… = 1.395 → 1.40; nothing accrues after it.
    Period p = installment(paid(DUE.plusDays(9), "1000.00", "200.00", "0.00"));
    assertThat(Arrears.on(List.of(p), RATE, DUE.plusDays(40), BEIJING))
        .containsExactly(new Owed(1, DUE, Owed.Standing.OVERDUE, y("0.00"), y("0.00"), y("1.40")));
    assertThat(Arrears.overdueNow(Arrears.on(List.of(p), RATE, DUE.plusDays(40), BEIJING))).isZero();
  }

  @Test
  void receiptsGoToPenaltyThenOverdueInterestThenOverduePrincipalThenTheCurrentInstallment() {
    List<Owed> owed = List.of(
        new Owed(1, DUE, Owed.Standing.OVERDUE, y("1000.00"), y("200.00"), y("1.55")),
        new Owed(2, DUE.plusMonths(1), Owed.Standing.OVERDUE, y("1002.58"), y("197.42"), y("0.31")),
        new Owed(3, DUE.plusMonths(2), Owed.Standing.CURRENT, y("1005.17"), y("194.83"), y("0.00")));
    List<Part> parts = Allocation.of(owed, y("2600.00"));
    assertThat(parts).containsExactly(
        new Part(1, Kind.PENALTY, true, y("1.55")),
        new Part(2, Kind.PENALTY, true, y("0.31")),
        new Part(1, Kind.INTEREST, true, y("200.00")),
        new Part(2, Kind.INTEREST, true, y("197.42")),
        new Part(1, Kind.PRINCIPAL, true, y("1000.00")),
        new Part(2, Kind.PRINCIPAL, true, y("1002.58")),
        new Part(3, Kind.INTEREST, false, y("194.83")),
        new Part(3, Kind.PRINCIPAL, false, y("3.31")));
    assertThat(Allocation.sum(parts, Kind.PRINCIPAL)).isEqualTo(y("2005.89"));
    assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(y("2600.00"));
  }

  @Test
  void afterAnInstallmentThatWentOverdueTheNextHasNoGraceWhenThePolicySaysSo() {
    OverduePolicy noGraceAfterOverdue = new OverduePolicy(3, 5, new BigDecimal("1.5"), 360, 3, false, 15);
    LocalDate due2 = DUE.plusMonths(1);
    // The first installment was paid on its 10th day, past its grace (22 January): it went overdue.
    Period first = installment(paid(DUE.plusDays(10), "1000.00", "200.00", "1.55"));
    Period second = new Period(2, due2, y("1000.00"), y("200.00"), List.of());
    // Two days after the second due date: with grace it is current and free; without, overdue with two days of
    // penalty: 1,200.00 × 0.031 × 1.5 / 360 × 2 = 0.31.
    assertThat(Arrears.on(List.of(first, second), RATE, due2.plusDays(2), BEIJING))
        .containsExactly(new Owed(2, due2, Owed.Standing.CURRENT, y("1000.00"), y("200.00"), y("0.00")));
    assertThat(Arrears.on(List.of(first, second), RATE, due2.plusDays(2), noGraceAfterOverdue))
        .containsExactly(new Owed(2, due2, Owed.Standing.OVERDUE, y("1000.00"), y("200.00"), y("0.31")));
    assertThat(Arrears.graceEnds(List.of(first, second), noGraceAfterOverdue))
        .containsEntry(1, LocalDate.of(2027, 1, 22)).containsEntry(2, due2);
    // Paid within its grace, the first leaves the second its grace.
    Period onTime = installment(paid(DUE.plusDays(5), "1000.00", "200.00", "0.00"));
    assertThat(Arrears.graceEnds(List.of(onTime, second), noGraceAfterOverdue))
        .containsEntry(2, noGraceAfterOverdue.graceEnd(due2));
    assertThat(Arrears.everOverdue(List.of(first, second), due2.plusDays(2), noGraceAfterOverdue)).isEqualTo(2);
  }
}
