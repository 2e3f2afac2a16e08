package hpf.loan;

import io.vertx.core.json.JsonObject;

/**
 * One data source's verdict on one party of a loan application: PASSED or FAILED with the reason a reviewer reads,
 * or UNAVAILABLE (isolated, failing, slow: the application goes to manual review saying so); the id of the evidence
 * record that keeps the signed query and answer; and the facts the eligibility rules read ({@link LoanEligibility}).
 */
record LoanCheck(String party, String source, Outcome outcome, String detail, String evidenceId, JsonObject facts) {

  enum Outcome { PASSED, FAILED, UNAVAILABLE }

  static final String BORROWER = "BORROWER";
  static final String CO_BORROWER = "CO_BORROWER";

  /** The source answered: its facts may refuse the application. */
  boolean answered() {
    return outcome != Outcome.UNAVAILABLE;
  }

  JsonObject toJson() {
    return new JsonObject().put("party", party).put("source", source).put("outcome", outcome.name())
        .put("detail", detail).put("evidenceId", evidenceId);
  }
}
