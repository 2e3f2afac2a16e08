package hpf.isolation;

import hpf.kit.Problem;

/** The dependency did not answer within its timeout; counted as a failure. */
public final class DependencyTimeoutException extends RuntimeException {

  private final String serviceName;

  public DependencyTimeoutException(String dependencyId, String serviceName) {
    super("dependency " + dependencyId + " timed out", null, false, false);
    this.serviceName = serviceName;
  }

  /** 504 DEPENDENCY_TIMEOUT. */
  public Problem problem() {
    return new Problem(504, "DEPENDENCY_TIMEOUT", serviceName + "响应超时", serviceName + "未能及时响应，请稍后再试。");
  }
}
