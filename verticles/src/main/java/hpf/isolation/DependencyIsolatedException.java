package hpf.isolation;

import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** A call refused at once because its dependency is isolated: no request left the platform. */
public final class DependencyIsolatedException extends RuntimeException {

  private static final DateTimeFormatter SHANGHAI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(BusinessTime.ZONE);

  private final String dependencyId;
  private final String serviceName;
  private final transient Instant nextProbeAt;

  public DependencyIsolatedException(String dependencyId, String serviceName, Instant nextProbeAt) {
    // No stack trace: this is an expected, frequent answer on a hot path.
    super("dependency " + dependencyId + " isolated until " + nextProbeAt, null, false, false);
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

  /** 503 DEPENDENCY_ISOLATED, naming the service and when the platform checks it again (Beijing time). */
  public Problem problem() {
    return new Problem(503, "DEPENDENCY_ISOLATED", serviceName + "暂不可用",
        serviceName + "暂时无法访问，系统将于 " + SHANGHAI.format(nextProbeAt) + "（北京时间）起自动检测恢复情况，请稍后再试。");
  }
}
