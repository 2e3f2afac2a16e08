package hpf.isolation;

import hpf.kit.Problem;
import hpf.kit.ProblemException;

/**
 * A call refused at once because the dependency already has as many calls under way as its cap allows: 503
 * DEPENDENCY_BUSY, the service is reachable but saturated and trying again shortly may work.
 */
public final class DependencyBusyException extends ProblemException {

  public DependencyBusyException(String dependencyId, String serviceName) {
    super("dependency " + dependencyId + " at its concurrency cap",
        new Problem(503, "DEPENDENCY_BUSY", serviceName + "繁忙", serviceName + "当前访问量过大，请稍后再试。"), 0);
  }
}
