package hpf.traffic;

import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * One channel app's traffic policy as in force: the file's values (defaults.yaml under the app's own file) with
 * the operators' runtime changes on top. Quotas count business transactions per Asia/Shanghai day and month; a
 * counted operation spends its weight; rate limits are per second for the whole cluster.
 */
public record ChannelPolicy(Rate rate, Map<String, Rate> operationRates, long dailyQuota, long monthlyQuota,
                            Map<String, Integer> counted, Map<String, MemberLimit> perMember, Map<Rule, Mode> modes,
                            StoreFallback storeUnavailable, long storeTimeoutMillis) {

  /** A quota without limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** A token bucket: refilled at {@code perSecond}, holding at most {@code burst} (cluster-wide figures). */
  public record Rate(double perSecond, int burst) {}

  /** At most {@code limit} calls of one operation per member (or login subject) per fixed local window. */
  public record MemberLimit(int limit, ChronoUnit per) {

    /** The window as policies write it: minute, hour or day. */
    public String perName() {
      return per == ChronoUnit.MINUTES ? "minute" : per == ChronoUnit.HOURS ? "hour" : "day";
    }
  }

  /** The rules a policy can put in shadow mode (counted and reported, never refused). */
  public enum Rule {
    RATE("rate"), OPERATION_RATE("operationRate"), DAILY_QUOTA("dailyQuota"), MONTHLY_QUOTA("monthlyQuota"),
    MEMBER_LIMIT("memberLimit");

    public final String key;

    Rule(String key) {
      this.key = key;
    }

    public static Rule of(String key) {
      for (Rule r : values()) {
        if (r.key.equals(key)) {
          return r;
        }
      }
      return null;
    }
  }

  public enum Mode {
    ENFORCE, SHADOW;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** When the shared counters cannot be reached: refuse counted requests, or spend this member's share locally. */
  public enum StoreFallback {
    REJECT("reject"), LOCAL_SHARE("localShare");

    public final String key;

    StoreFallback(String key) {
      this.key = key;
    }
  }

  public ChannelPolicy {
    operationRates = Map.copyOf(operationRates);
    counted = Map.copyOf(counted);
    perMember = Map.copyOf(perMember);
    modes = Map.copyOf(modes);
  }

  public Mode mode(Rule rule) {
    return modes.getOrDefault(rule, Mode.ENFORCE);
  }

  public boolean enforces(Rule rule) {
    return mode(rule) == Mode.ENFORCE;
  }

  /** The operation's weight toward the quotas; 0 when it does not count. */
  public int weight(String operationId) {
    return counted.getOrDefault(operationId, 0);
  }
}
