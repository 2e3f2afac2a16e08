package hpf.isolation;

import hpf.kit.Problem;

/** A call refused at once because the dependency already has as many calls under way as its cap allows. */
public final class DependencyBusyException extends RuntimeException {

  private final String serviceName;

  public DependencyBusyException(String dependencyId, String serviceName) {
    super("dependency " + dependencyId + " at its concurrency cap", null, false, false);
    this.serviceName = serviceName;
  }

  /** 503 DEPENDENCY_BUSY: the service is reachable but saturated; trying again shortly may work. */
  public Problem problem() {
    return new Problem(503, "DEPENDENCY_BUSY", serviceName + "繁忙", serviceName + "当前访问量过大，请稍后再试。");
  }
}
