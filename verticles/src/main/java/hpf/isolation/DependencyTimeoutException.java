package hpf.isolation;

import hpf.kit.Problem;
import hpf.kit.ProblemException;

/** The dependency did not answer within its timeout (counted as a failure): 504 DEPENDENCY_TIMEOUT. */
public final class DependencyTimeoutException extends ProblemException {

  public DependencyTimeoutException(String dependencyId, String serviceName) {
    super("dependency " + dependencyId + " timed out",
        new Problem(504, "DEPENDENCY_TIMEOUT", serviceName + "响应超时", serviceName + "未能及时响应，请稍后再试。"), 0);
  }
}
