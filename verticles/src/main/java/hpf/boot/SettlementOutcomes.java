package hpf.boot;

import hpf.account.AccountRoom;
import hpf.settlement.SettlementOutcome;
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

  /** Outcomes that date their postings by the business clock. */
  public static Map<String, SettlementOutcome> all(Clock clock) {
    Map<String, SettlementOutcome> outcomes = new HashMap<>(AccountRoom.outcomes(clock));
    outcomes.putAll(WithdrawalRoom.outcomes());
    return Map.copyOf(outcomes);
  }
}
