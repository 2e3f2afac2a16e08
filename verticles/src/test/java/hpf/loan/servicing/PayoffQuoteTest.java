package hpf.loan.servicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payoff amount of a day, by hand: owed installments, the principal not yet due, its interest since the last due date. */
class PayoffQuoteTest {

  private static final OverduePolicy POLICY = new OverduePolicy(3, 5, new BigDecimal("1.5"), 360, 3);
  private static final BigDecimal RATE = new BigDecimal("0.031");
  private static final LocalDate DISBURSED = LocalDate.of(2027, 1, 7);

  private static Period period(int n, LocalDate due, String principal, String interest, Period.Received... paid) {
    return new Period(n, due, new BigDecimal(principal), new BigDecimal(interest), List.of(paid));
  }

  @Test
  void thirteenDaysAfterThePaidSecondInstallment() {
    // Installments 1 and 2 paid; 3 and 4 not due. Remaining 50,000.00 + 50,000.00; 13 days since 7 March:
    // 100,000.00 × 0.031 × 13 / 360 = 111.9444… → 111.94.
    List<Period> periods = List.of(
        period(1, LocalDate.of(2027, 2, 7), "1000.00", "260.00",
            new Period.Received(LocalDate.of(2027, 2, 7), new BigDecimal("1000.00"), new BigDecimal("260.00"),
                BigDecimal.ZERO)),
        period(2, LocalDate.of(2027, 3, 7), "1000.00", "257.42",
            new Period.Received(LocalDate.of(2027, 3, 7), new BigDecimal("1000.00"), new BigDecimal("257.42"),
                BigDecimal.ZERO)),
        period(3, LocalDate.of(2027, 4, 7), "50000.00", "258.33"),
        period(4, LocalDate.of(2027, 5, 7), "50000.00", "129.17"));
    PayoffQuote q = PayoffQuote.of(periods, RATE, DISBURSED, LocalDate.of(2027, 3, 20), POLICY);
    assertThat(q.owed()).isEmpty();
    assertThat(q.remainingPrincipal()).isEqualTo(new BigDecimal("100000.00"));
    assertThat(q.accruedDays()).isEqualTo(13);
    assertThat(q.accruedInterest()).isEqualTo(new BigDecimal("111.94"));
    assertThat(q.total()).isEqualTo(new BigDecimal("100111.94"));
  }

  @Test
  void anInstallmentDueAndUnpaidIsOwedAndTheInterestRunsFromItsDueDate() {
    // Installment 1 due 7 February and unpaid (current, within grace on the 9th): 1,260.00 owed; the 100,000.00 not
    // yet due accrues 2 days: 100,000.00 × 0.031 × 2 / 360 = 17.2222… → 17.22.
    List<Period> periods = List.of(
        period(1, LocalDate.of(2027, 2, 7), "1000.00", "260.00"),
        period(2, LocalDate.of(2027, 3, 7), "100000.00", "258.33"));
    PayoffQuote q = PayoffQuote.of(periods, RATE, DISBURSED, LocalDate.of(2027, 2, 9), POLICY);
    assertThat(q.owedTotal()).isEqualTo(new BigDecimal("1260.00"));
    assertThat(q.accruedInterest()).isEqualTo(new BigDecimal("17.22"));
    assertThat(q.total()).isEqualTo(new BigDecimal("101277.22"));
    // Before the first due date the interest runs from the disbursement: 101,000.00 × 0.031 × 10 / 360 = 86.97.
    PayoffQuote early = PayoffQuote.of(periods, RATE, DISBURSED, LocalDate.of(2027, 1, 17), POLICY);
    assertThat(early.accruedInterest()).isEqualTo(new BigDecimal("86.97"));
  }
}
