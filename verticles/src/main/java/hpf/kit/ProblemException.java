package hpf.kit;

/**
 * Thrown or failed with by handlers to answer with a business problem; mapped by the edge's error mapper. Open for
 * refusals that carry more than the problem (e.g. the isolation guard's, with their own message and Retry-After).
 */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final long retryAfterSeconds;

  public ProblemException(Problem problem) {
    this(problem, 0);
  }

  /** A refusal worth trying again after the given seconds, answered with {@code Retry-After}. */
  public ProblemException(Problem problem, long retryAfterSeconds) {
    this(problem.code(), problem, retryAfterSeconds);
  }

  /** With a message of its own for the logs (the answer is the problem's all the same). */
  protected ProblemException(String message, Problem problem, long retryAfterSeconds) {
    super(message, null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * The platform could not check the request in time because it is overloaded (a cluster-wide check did not
   * answer): nothing was done, and a second later is worth trying.
   */
  public static ProblemException busy() {
    return new ProblemException(Problem.busy(), 1);
  }

  public Problem problem() {
    return problem;
  }

  /** 0 when the answer carries no Retry-After; read when the answer is written. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
