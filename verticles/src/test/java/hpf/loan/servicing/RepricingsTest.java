package hpf.loan.servicing;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.loan.terms.Installment;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 1 January repricing of a schedule: a 20-year loan of 100,000.00 at 3.1 % disbursed on 7 December 2026 moves to
 * 2.85 % from 1 January 2028; its first twelve installments (due 7 January to 7 December 2027) stay, the thirteenth
 * (7 January 2028) on are recomputed over the same 228 months from the principal then outstanding.
 */
class RepricingsTest {

  private static final LocalDate DISBURSED = LocalDate.of(2026, 12, 7);
  private static final LocalDate JANUARY_FIRST = LocalDate.of(2028, 1, 1);

  @Test
  void installmentsAfterJanuaryFirstTakeTheNewRateOverTheSameDueDates() {
    for (RepaymentMethod method : RepaymentMethod.values()) {
      Schedule before = Schedules.of(new BigDecimal("100000.00"), new BigDecimal("0.031"), 240, method, DISBURSED);
      List<Installment> after = Repricings.reprice(before.installments(), DISBURSED, JANUARY_FIRST,
          new BigDecimal("0.0285"), method);
      assertThat(after).hasSize(240);
      assertThat(after.subList(0, 12)).isEqualTo(before.installments().subList(0, 12));
      BigDecimal outstanding = before.installments().get(11).outstandingAfter();
      Installment thirteenth = after.get(12);
      assertThat(thirteenth.period()).isEqualTo(13);
      assertThat(thirteenth.due()).isEqualTo(LocalDate.of(2028, 1, 7));
      // fen(outstanding × 0.0285 / 12)
      assertThat(thirteenth.interest()).isEqualTo(Schedules.interest(outstanding, new BigDecimal("0.0285")));
      assertThat(after.get(239).outstandingAfter()).isEqualByComparingTo("0");
      assertThat(after.stream().map(Installment::principal).reduce(BigDecimal.ZERO, BigDecimal::add))
          .isEqualByComparingTo("100000.00");
      for (int i = 0; i < 240; i++) {
        assertThat(after.get(i).due()).isEqualTo(before.installments().get(i).due());
      }
      if (method == RepaymentMethod.EQUAL_INSTALLMENT) {
        // A lower rate, a lower installment over the same months.
        assertThat(thirteenth.payment()).isLessThan(before.installments().get(12).payment());
      } else {
        assertThat(thirteenth.principal()).isEqualTo(Schedules.fen(outstanding.divide(BigDecimal.valueOf(228),
            java.math.MathContext.DECIMAL128)));
      }
    }
  }

  @Test
  void aScheduleWithNothingDueAfterTheDayIsLeftAsItIsAndShortLoansKeepTheirRate() {
    Schedule short12 = Schedules.of(new BigDecimal("12000.00"), new BigDecimal("0.021"), 12,
        RepaymentMethod.EQUAL_INSTALLMENT, DISBURSED);
    assertThat(Repricings.reprice(short12.installments(), DISBURSED, LocalDate.of(2028, 1, 1),
        new BigDecimal("0.03"), RepaymentMethod.EQUAL_INSTALLMENT)).isEqualTo(short12.installments());
    assertThat(Repricings.eligible(12)).isFalse();
    assertThat(Repricings.eligible(13)).isTrue();
  }
}
