package hpf.loan.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedules against cases computed by hand (the arithmetic is in each test's comment). */
class SchedulesTest {

  private static final LocalDate MARCH_15 = LocalDate.of(2026, 3, 15);

  private static BigDecimal y(String yuan) {
    return new BigDecimal(yuan);
  }

  /**
   * 1,000,000.00 at 2.6 % over 360 months, 等额本息. r = 0.026 / 12 = 0.0021666…; (1+r)^360 = 2.179758…;
   * M = 1,000,000 × 0.0021666… × 2.179758… / 1.179758… = 4,003.397… → 4,003.40.
   * Period 1: interest = fen(1,000,000 × r) = fen(2,166.666…) = 2,166.67; principal = 4,003.40 − 2,166.67 = 1,836.73;
   * owed 998,163.27. Period 2: interest = fen(998,163.27 × r) = fen(2,162.687…) = 2,162.69; principal 1,840.71.
   * Period 360 repays the 3,993.10 still owed plus fen(3,993.10 × r) = fen(8.651…) = 8.65: 4,001.75.
   */
  @Test
  void equalInstallmentOfAMillionOverThirtyYears() {
    Schedule s = Schedules.of(y("1000000.00"), y("0.026"), 360, RepaymentMethod.EQUAL_INSTALLMENT, MARCH_15);
    assertThat(s.installments()).hasSize(360);
    assertThat(s.first()).isEqualTo(new Installment(1, LocalDate.of(2026, 4, 15), y("1836.73"), y("2166.67"),
        y("4003.40"), y("998163.27")));
    assertThat(s.installments().get(1)).isEqualTo(new Installment(2, LocalDate.of(2026, 5, 15), y("1840.71"),
        y("2162.69"), y("4003.40"), y("996322.56")));
    assertThat(s.last()).isEqualTo(new Installment(360, LocalDate.of(2056, 3, 15), y("3993.10"), y("8.65"),
        y("4001.75"), y("0.00")));
    assertThat(s.totalPrincipal()).isEqualTo(y("1000000.00"));
    assertThat(s.totalInterest()).isEqualTo(y("441222.35"));
    assertThat(s.totalPayment()).isEqualTo(y("1441222.35"));
    assertThat(Schedules.firstPayment(y("1000000.00"), y("0.026"), 360, RepaymentMethod.EQUAL_INSTALLMENT))
        .isEqualTo(y("4003.40"));
  }

  /**
   * 12,000.00 at 2.1 % over 12 months, 等额本金. r = 0.021 / 12 = 0.00175; principal 12,000 / 12 = 1,000.00 a month;
   * interest k = fen((12,000 − (k−1) × 1,000) × 0.00175) = 21.00, 19.25, 17.50, … 1.75 (1.75 × (13 − k));
   * total interest 1.75 × (12 + 11 + … + 1) = 1.75 × 78 = 136.50; first payment 1,021.00, last 1,001.75.
   */
  @Test
  void equalPrincipalOverOneYearInWholeYuan() {
    Schedule s = Schedules.of(y("12000.00"), y("0.021"), 12, RepaymentMethod.EQUAL_PRINCIPAL, MARCH_15);
    for (Installment i : s.installments()) {
      assertThat(i.principal()).isEqualTo(y("1000.00"));
      assertThat(i.interest()).isEqualTo(y("1.75").multiply(BigDecimal.valueOf(13 - i.period())));
    }
    assertThat(s.first().payment()).isEqualTo(y("1021.00"));
    assertThat(s.last().payment()).isEqualTo(y("1001.75"));
    assertThat(s.totalInterest()).isEqualTo(y("136.50"));
    assertThat(s.highestPayment()).isEqualTo(y("1021.00"));
  }

  /**
   * 10,000.00 at 2.1 % over 12 months, 等额本金. Share fen(10,000 / 12) = fen(833.333…) = 833.33; the last period takes
   * the remainder 10,000 − 11 × 833.33 = 833.37. Owed before each period: 10,000.00, 9,166.67, 8,333.34, 7,500.01, …,
   * 833.37; interest fen(owed × 0.00175) = 17.50, 16.04 (16.0417), 14.58 (14.5833), 13.13 (13.1250175), 11.67, 10.21,
   * 8.75, 7.29, 5.83, 4.38 (4.3750525), 2.92, 1.46 (1.4584); total 113.76.
   */
  @Test
  void equalPrincipalLastPeriodTakesTheRemainder() {
    Schedule s = Schedules.of(y("10000.00"), y("0.021"), 12, RepaymentMethod.EQUAL_PRINCIPAL, MARCH_15);
    assertThat(s.installments().stream().map(Installment::interest).toList()).containsExactly(y("17.50"), y("16.04"),
        y("14.58"), y("13.13"), y("11.67"), y("10.21"), y("8.75"), y("7.29"), y("5.83"), y("4.38"), y("2.92"), y("1.46"));
    assertThat(s.installments().get(10).principal()).isEqualTo(y("833.33"));
    assertThat(s.last()).isEqualTo(new Installment(12, LocalDate.of(2027, 3, 15), y("833.37"), y("1.46"), y("834.83"),
        y("0.00")));
    assertThat(s.totalInterest()).isEqualTo(y("113.76"));
    assertThat(Schedules.firstPayment(y("10000.00"), y("0.021"), 12, RepaymentMethod.EQUAL_PRINCIPAL))
        .isEqualTo(y("850.83"));
  }

  /**
   * 12,000.00 at 2.1 % over 12 months, 等额本息. (1.00175)^12 = 1.0212018…; M = 12,000 × 0.00175 × 1.0212018… /
   * 0.0212018… = 1,011.41. Period 1: interest 21.00, principal 990.41, owed 11,009.59; period 2: interest
   * fen(11,009.59 × 0.00175) = fen(19.2668) = 19.27, principal 992.14. The last repays the 1,009.66 still owed plus
   * fen(1.766905) = 1.77: 1,011.43, two fen above M from the rounding of the periods before.
   */
  @Test
  void equalInstallmentOverOneYear() {
    Schedule s = Schedules.of(y("12000.00"), y("0.021"), 12, RepaymentMethod.EQUAL_INSTALLMENT, MARCH_15);
    assertThat(s.first()).isEqualTo(new Installment(1, LocalDate.of(2026, 4, 15), y("990.41"), y("21.00"),
        y("1011.41"), y("11009.59")));
    assertThat(s.installments().get(1).interest()).isEqualTo(y("19.27"));
    assertThat(s.installments().get(1).principal()).isEqualTo(y("992.14"));
    assertThat(s.last()).isEqualTo(new Installment(12, LocalDate.of(2027, 3, 15), y("1009.66"), y("1.77"),
        y("1011.43"), y("0.00")));
    assertThat(s.totalInterest()).isEqualTo(y("136.94"));
    assertThat(s.highestPayment()).isEqualTo(y("1011.43"));
  }

  /** At rate zero both methods repay fen(1,000 / 3) = 333.33 twice and the remaining 333.34 last, without interest. */
  @Test
  void aZeroRateRepaysOnlyThePrincipal() {
    for (RepaymentMethod method : RepaymentMethod.values()) {
      Schedule s = Schedules.of(y("1000.00"), BigDecimal.ZERO, 3, method, MARCH_15);
      assertThat(s.installments().stream().map(Installment::payment).toList())
          .containsExactly(y("333.33"), y("333.33"), y("333.34"));
      assertThat(s.totalInterest()).isEqualTo(y("0.00"));
    }
  }

  /** Paid out on the 31st: due on the 28th of each month from the next one (February included). */
  @Test
  void dueDayIsTheDisbursementDayCappedAtThe28th() {
    Schedule s = Schedules.of(y("3000.00"), y("0.0325"), 3, RepaymentMethod.EQUAL_PRINCIPAL, LocalDate.of(2027, 1, 31));
    assertThat(s.installments().stream().map(Installment::due).toList()).isEqualTo(List.of(LocalDate.of(2027, 2, 28),
        LocalDate.of(2027, 3, 28), LocalDate.of(2027, 4, 28)));
    Schedule one = Schedules.of(y("3000.00"), y("0.0325"), 1, RepaymentMethod.EQUAL_INSTALLMENT, LocalDate.of(2026, 12, 5));
    // One period is the last: the 3,000.00 owed plus fen(3,000 × 0.0325 / 12) = fen(8.125) = 8.13 (half up).
    assertThat(one.first()).isEqualTo(new Installment(1, LocalDate.of(2027, 1, 5), y("3000.00"), y("8.13"),
        y("3008.13"), y("0.00")));
  }

  @Test
  void refusesInputsOutsideItsBounds() {
    LocalDate d = MARCH_15;
    RepaymentMethod m = RepaymentMethod.EQUAL_INSTALLMENT;
    assertThatThrownBy(() -> Schedules.of(y("0.00"), y("0.026"), 12, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("-1"), y("0.026"), 12, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("100.001"), y("0.026"), 12, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("100000000.01"), y("0.026"), 12, m, d))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("1000"), y("0.026"), 0, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("1000"), y("0.026"), 361, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("1000"), y("-0.01"), 12, m, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("1000"), y("0.026"), 12, null, d)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedules.of(y("1000"), y("0.026"), 12, m, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Schedules.of(y("1E+3"), y("0.026"), 12, m, d).principal()).isEqualTo(y("1000.00"));
  }

  @Test
  void methodsByTheirStandardCodes() {
    assertThat(RepaymentMethod.ofCode("01")).isEqualTo(RepaymentMethod.EQUAL_INSTALLMENT);
    assertThat(RepaymentMethod.ofCode("02")).isEqualTo(RepaymentMethod.EQUAL_PRINCIPAL);
    assertThatThrownBy(() -> RepaymentMethod.ofCode("03")).isInstanceOf(IllegalArgumentException.class);
  }
}
