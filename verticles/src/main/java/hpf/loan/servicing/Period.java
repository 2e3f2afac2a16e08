package hpf.loan.servicing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One installment as scheduled (its principal and interest, yuan, scale 2) and what has been received against it,
 * each receipt with its value date: the facts from which what is owed on any day follows.
 */
public record Period(int period, LocalDate dueOn, BigDecimal principal, BigDecimal interest, List<Received> received) {

  /** Money received against this period on a value date, by part. */
  public record Received(LocalDate valueDate, BigDecimal principal, BigDecimal interest, BigDecimal penalty) {}

  public Period {
    received = List.copyOf(received);
  }

  BigDecimal paidPrincipal() {
    return received.stream().map(Received::principal).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  BigDecimal paidInterest() {
    return received.stream().map(Received::interest).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  BigDecimal paidPenalty() {
    return received.stream().map(Received::penalty).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Principal and interest not received yet. */
  BigDecimal unpaid() {
    return principal.add(interest).subtract(paidPrincipal()).subtract(paidInterest());
  }

  /** Principal and interest not received by the end of {@code day} (receipts with a value date up to it). */
  BigDecimal unpaidAfter(LocalDate day) {
    BigDecimal paid = received.stream().filter(r -> !r.valueDate().isAfter(day))
        .map(r -> r.principal().add(r.interest())).reduce(BigDecimal.ZERO, BigDecimal::add);
    return principal.add(interest).subtract(paid);
  }
}
