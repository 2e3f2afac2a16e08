package hpf.isolation;

import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A call refused at once because its dependency is isolated, no request left the platform: 503 DEPENDENCY_ISOLATED,
 * naming the service and when the platform checks it again (Beijing time), with a Retry-After until then.
 */
public final class DependencyIsolatedException extends ProblemException {

  private static final DateTimeFormatter SHANGHAI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(BusinessTime.ZONE);

  private final String dependencyId;
  private final String serviceName;
  private final transient Instant nextProbeAt;

  public DependencyIsolatedException(String dependencyId, String serviceName, Instant nextProbeAt) {
    // No stack trace (the kit's problems have none): this is an expected, frequent answer on a hot path.
    super("dependency " + dependencyId + " isolated until " + nextProbeAt, new Problem(503, "DEPENDENCY_ISOLATED",
        serviceName + "暂不可用", serviceName + "暂时无法访问，系统将于 " + SHANGHAI.format(nextProbeAt)
            + "（北京时间）起自动检测恢复情况，请稍后再试。"), 0);
    this.dependencyId = dependencyId;
    this.serviceName = serviceName;
    this.nextProbeAt = nextProbeAt;
  }

  public String dependencyId() {
    return dependencyId;
  }

  public String serviceName() {
    return serviceName;
  }

  public Instant nextProbeAt() {
    return nextProbeAt;
  }

  /** Until the isolation's next probe, counted when the answer is written, never less than a second. */
  @Override
  public long retryAfterSeconds() {
    return Math.max(1, Duration.between(Instant.now(), nextProbeAt).toSeconds());
  }
}
