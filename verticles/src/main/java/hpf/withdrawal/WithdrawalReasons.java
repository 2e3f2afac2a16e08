package hpf.withdrawal;

import java.util.List;
import java.util.Map;

/**
 * What each withdrawal reason (提取原因, JGJ/T 320 A.7) asks for: whether it closes the account (销户提取), which
 * government data sources verify it (data-sharing.md, the Mianyang table; by dependency id, as the guard knows them;
 * the household-cancellation source of the public security bureau is not connected, so 05 always goes to review), which materials a reviewer looks at,
 * and whether the member may apply through a channel or only staff at the counter. The amounts and ages are
 * policy parameters (see {@link ReasonChecks}); this table holds what is structure, not a number.
 */
final class WithdrawalReasons {

  static final String PURCHASE = "01";
  static final String RETIREMENT = "03";
  static final String SETTLING_ABROAD = "05";
  static final String LOAN_REPAYMENT = "06";
  static final String RENT = "07";
  static final String DEATH = "08";

  /** One reason's shape. {@code sources} empty: nothing to verify, approved on the rules alone. */
  record Reason(String code, String name, boolean closing, boolean counterOnly, List<String> sources,
                List<String> materials) {}

  private static final Map<String, Reason> REASONS = Map.of(
      PURCHASE, new Reason(PURCHASE, "购买自住住房", false, false,
          List.of("national.contract_filing", "collab.marriage", "national.loan_info"), List.of("购房合同", "购房发票或付款凭证")),
      RETIREMENT, new Reason(RETIREMENT, "离休、退休", true, false,
          List.of("national.deposit_overview", "national.member_account", "pension.status"), List.of("退休证明")),
      SETTLING_ABROAD, new Reason(SETTLING_ABROAD, "出境定居", true, false,
          List.of("public_security.household_cancellation"), List.of("户口注销证明", "出境定居证明")),
      LOAN_REPAYMENT, new Reason(LOAN_REPAYMENT, "偿还购房贷款本息", false, false,
          List.of("national.contract_filing", "national.loan_info", "national.loan_repayments", "collab.marriage"), List.of("借款合同", "还款明细")),
      // Rent within the no-home monthly cap needs no source: the cap is the control (the lease filing is
      // asked for rent above it, which is not offered online).
      RENT, new Reason(RENT, "租赁住房", false, false, List.of(), List.of()),
      // The heirs come to the counter with the death certificate and the notarised right of inheritance.
      DEATH, new Reason(DEATH, "职工死亡或被宣告死亡", true, true,
          List.of("national.member_account", "national.loan_overview", "funeral.cremation", "collab.marriage"), List.of("死亡证明", "继承权公证书")));

  private WithdrawalReasons() {}

  /** The reason, or null when the platform does not handle it. */
  static Reason of(String code) {
    return REASONS.get(code);
  }
}
