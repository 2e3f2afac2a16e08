package hpf.account;

import hpf.kit.Problem;

/**
 * What a verification hook answered: VERIFIED, NOT_VERIFIED (the write goes on, and the record says why it was not
 * verified so it can be verified later), or a refusal with the problem to answer (the write does not happen).
 */
public record Verification(String outcome, String note, Problem refusal) {

  public static Verification verified(String note) {
    return new Verification("VERIFIED", note, null);
  }

  public static Verification notVerified(String note) {
    return new Verification("NOT_VERIFIED", note, null);
  }

  public static Verification refused(Problem refusal) {
    return new Verification("REFUSED", refusal.title(), refusal);
  }

  public boolean isRefused() {
    return refusal != null;
  }
}
