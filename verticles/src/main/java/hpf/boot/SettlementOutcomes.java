package hpf.boot;

import hpf.account.AccountRoom;
import hpf.settlement.SettlementOutcome;
import hpf.withdrawal.WithdrawalRoom;
import java.util.HashMap;
import java.util.Map;

/** What each business room does when a bank settles one of its instructions, by business reference prefix. */
public final class SettlementOutcomes {

  private SettlementOutcomes() {}

  public static Map<String, SettlementOutcome> all() {
    Map<String, SettlementOutcome> outcomes = new HashMap<>(AccountRoom.outcomes());
    outcomes.putAll(WithdrawalRoom.outcomes());
    return Map.copyOf(outcomes);
  }
}
