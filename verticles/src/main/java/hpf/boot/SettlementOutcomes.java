package hpf.boot;

import hpf.account.AccountRoom;
import hpf.loan.LoanRoom;
import hpf.settlement.SettlementOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import hpf.withdrawal.WithdrawalRoom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** What each business room does when a bank settles one of its instructions, by business reference prefix. */
public final class SettlementOutcomes {

  private SettlementOutcomes() {}

  /** Outcomes dated by the system clock (tests). */
  public static Map<String, SettlementOutcome> all() {
    return all(Clock.systemUTC());
  }

  /** Outcomes that date their postings by the business clock, counted on a registry of their own (tests). */
  public static Map<String, SettlementOutcome> all(Clock clock) {
    return all(clock, new SimpleMeterRegistry());
  }

  /** Outcomes that date their postings by the business clock and count them on {@code registry}. */
  public static Map<String, SettlementOutcome> all(Clock clock, MeterRegistry registry) {
    Map<String, SettlementOutcome> outcomes = new HashMap<>(AccountRoom.outcomes(clock));
    outcomes.putAll(WithdrawalRoom.outcomes());
    outcomes.putAll(LoanRoom.outcomes(clock, registry));
    return Map.copyOf(outcomes);
  }
}
