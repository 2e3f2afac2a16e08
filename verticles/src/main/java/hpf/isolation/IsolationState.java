package hpf.isolation;

/** Where a dependency stands; the gauge value is what {@code hpf_dependency_state} shows. */
public enum IsolationState {
  AVAILABLE(0), ISOLATED(1), PROBING(2);

  private final int gauge;

  IsolationState(int gauge) {
    this.gauge = gauge;
  }

  public int gauge() {
    return gauge;
  }
}
