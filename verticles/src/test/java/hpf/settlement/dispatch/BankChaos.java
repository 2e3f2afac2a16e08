package hpf.settlement.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Random;

/** What the chaos tests do to the sandbox banks, and the dispatch tuning they run with. */
public final class BankChaos {

  /** Queries 100 ms apart doubling to 400 ms, 30 of them before an operator is asked; a 3 s lease. */
  public static final DispatchTuning TUNING = new DispatchTuning(8, Duration.ofMillis(50), Duration.ofSeconds(3),
      Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(400), 30, Duration.ofSeconds(3));

  private BankChaos() {}

  /** One behaviour per bank and moment; healthy half of the time. */
  public static JsonObject behaviour(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> new JsonObject().put("rejectCodes", new JsonArray().add("B2001").add("B2003")).put("rejectRatio", 0.3)
          .put("seed", random.nextInt(1000));
      case 1 -> new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
          .put("afterQueries", 1 + random.nextInt(3)));
      case 2 -> new JsonObject().put("uncertain", new JsonObject().put("settleAs", "FAILED")
          .put("afterQueries", 1 + random.nextInt(3)));
      case 3 -> new JsonObject().put("noAnswer", true);
      case 4 -> new JsonObject().put("latencyMs", 2500);
      case 5 -> new JsonObject().put("down", true);
      case 6 -> new JsonObject().put("duplicateNotices", 2);
      default -> new JsonObject();
    };
  }

}
