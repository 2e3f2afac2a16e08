package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Arrays;

/**
 * Finds the throughput at which the 99th percentile crosses 200 ms: an open model (arrivals at a fixed rate whatever
 * the answers, as independent members and staff arrive) of {@link ReadMix}, in steps of {@code HPF_RAMP_RATES}
 * requests per second (default 200,400,600,700,800,900,1000; below 2,000/s no channel's rate limit is met), each
 * for {@code HPF_RAMP_STEP_SECONDS} (20), one after another: a step starts when the previous one's requests are all answered, so a backlog never spills into the
 * next step's figures (a 10 s warm-up at the first rate comes before, in a group of its own). Each step is its own
 * scenario and group ("rate 300/s"), so the report gives its percentiles; {@code bench/load.sh OpenRampSimulation}
 * prints them as a table with the first step whose p99 exceeds 200 ms.
 * SLOs: the first step's p99 under 200 ms and under 1 % failed (the platform meets the target at light load). Where
 * p99 crosses 200 ms is a measurement, not a pass or fail; so are the failures of the steps past it (the table shows
 * them per step).
 */
public class OpenRampSimulation extends Simulation {

  private static final int[] RATES = Arrays.stream(Target.setting("HPF_RAMP_RATES", "200,400,600,700,800,900,1000")
      .split(",")).mapToInt(rate -> Integer.parseInt(rate.trim())).toArray();
  private static final int STEP_SECONDS = Target.number("HPF_RAMP_STEP_SECONDS", 20);

  private final ReadMix reads = new ReadMix(new ChannelUsers(new DemoSessions()));

  static String step(int rate) {
    return "rate " + rate + "/s";
  }

  /** Ten seconds at the first rate, not counted: the load generator's own JIT and connections warm up. */
  private PopulationBuilder warmUp() {
    return scenario("warm-up").exec(group("warm-up").on(reads.oneRead()))
        .injectOpen(constantUsersPerSec(RATES[0]).during(10).randomized());
  }

  private PopulationBuilder stepsFrom(int index) {
    String name = step(RATES[index]);
    PopulationBuilder step = scenario(name).exec(group(name).on(reads.oneRead()))
        .injectOpen(constantUsersPerSec(RATES[index]).during(STEP_SECONDS).randomized());
    return index + 1 < RATES.length ? step.andThen(stepsFrom(index + 1)) : step;
  }

  {
    setUp(warmUp().andThen(stepsFrom(0)))
        .protocols(Signing.publicProtocol())
        .assertions(
            details(step(RATES[0])).responseTime().percentile(99.0).lt(200),
            details(step(RATES[0])).failedRequests().percent().lt(1.0));
  }
}
