package hpf.account;

import io.vertx.core.Future;

/**
 * Verification of a person before an employer adds (增员) or unseals (启封) their account: no normal account at
 * another center (deposit overview, 缴存总览) and no pension drawn (城镇职工养老保险). The data-source adapter
 * implements it; a refusal carries its own problem (e.g. {@link LifecycleProblems#MEMBER_ACTIVE_ELSEWHERE}).
 */
public interface MemberEligibilityCheck {

  String NAME = "DEPOSIT_OVERVIEW_AND_PENSION";

  Future<Verification> verify(String idNumber, String name);
}
