package hpf.channel;

/** Thrown or failed with by handlers to answer with a business problem; mapped by {@link ErrorMapper}. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.code(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
