package hpf.withdrawal;

import java.util.List;
import java.util.Map;

/**
 * What each withdrawal reason (提取原因, JGJ/T 320 A.7) asks for: whether it closes the account (销户提取), which
 * government data sources verify it (data-sharing.md, the Mianyang table; by dependency id, as the guard knows them;
 * the household-cancellation source of the public security bureau and the exit record of the immigration
 * administration are not connected, so 05 and 10 always go to review), which materials a reviewer looks at, and
 * whether the member may apply through a channel or only staff at the counter. The amounts and ages are policy
 * parameters or declared details (see {@link ReasonChecks}); this table holds what is structure, not a number.
 * Codes 10 and 11 are the platform's own: A.7's 05 covers leaving in general.
 */
final class WithdrawalReasons {

  static final String PURCHASE = "01";
  static final String BUILD_REPAIR = "02";
  static final String RETIREMENT = "03";
  static final String DISABILITY = "04";
  static final String SETTLING_ABROAD = "05";
  static final String LOAN_REPAYMENT = "06";
  static final String RENT = "07";
  static final String DEATH = "08";
  static final String ILLNESS = "09";
  /**
   * A code of the platform beyond A.7 (whose 05 covers leaving in general): the closing of foreigners and
   * Hong Kong, Macao and Taiwan residents who leave after their employment ended (Beijing's list).
   */
  static final String LEAVING_FOREIGN = "10";
  /** A code of the platform beyond A.7 (whose 05 covers leaving in general): the household moved out of the city. */
  static final String MOVED_OUT = "11";

  /** One reason's shape. {@code sources} empty: nothing to verify, approved on the rules alone. */
  record Reason(String code, String name, boolean closing, boolean counterOnly, List<String> sources,
                List<String> materials) {}

  private static final Map<String, Reason> REASONS = Map.ofEntries(
      reason(PURCHASE, "购买自住住房", false, false,
          List.of("national.contract_filing", "collab.marriage", "national.loan_info"), List.of("购房合同", "购房发票或付款凭证")),
      // The home's certificate comes from the real estate registry; the permit and the budget or repair estimate
      // are paper only, so the application is taken at the counter, where staff see them.
      reason(BUILD_REPAIR, "建造、翻建、大修自住住房", false, true,
          List.of("real_estate.certificates"), List.of("不动产权证书", "规划或建设审批文件", "工程预算或大修预算")),
      reason(RETIREMENT, "离休、退休", true, false,
          List.of("national.deposit_overview", "national.member_account", "pension.status"), List.of("退休证明")),
      // The disability certificate comes from the e-licence platform and the end of employment from the center's
      // own records (the account sealed by the employer), so the member can apply online.
      reason(DISABILITY, "完全或部分丧失劳动能力并与单位终止劳动关系", true, false,
          List.of("elicense.disability_certificate", "national.member_account"), List.of("残疾人证或劳动能力鉴定结论")),
      reason(SETTLING_ABROAD, "出境定居", true, false,
          List.of("public_security.household_cancellation"), List.of("户口注销证明", "出境定居证明")),
      reason(LOAN_REPAYMENT, "偿还购房贷款本息", false, false,
          List.of("national.contract_filing", "national.loan_info", "national.loan_repayments", "collab.marriage"), List.of("借款合同", "还款明细")),
      // Rent within the no-home monthly cap needs no source: the cap is the control (the lease filing is
      // asked for rent above it, which is not offered online).
      reason(RENT, "租赁住房", false, false, List.of(), List.of()),
      // The heirs come to the counter with the death certificate and the notarised right of inheritance.
      reason(DEATH, "职工死亡或被宣告死亡", true, true,
          List.of("national.member_account", "national.loan_overview", "funeral.cremation", "collab.marriage"), List.of("死亡证明", "继承权公证书")),
      // The diagnosis and the bills are paper only (counter); the household register and the marriage record show
      // that the patient is family.
      reason(ILLNESS, "职工本人或家庭成员患重大疾病", false, true,
          List.of("elicense.household_register", "collab.marriage"), List.of("二级及以上医院诊断证明", "医疗费用票据", "家庭成员关系证明")),
      // The exit record of the immigration administration is not connected, so staff see the passport or permit and
      // the proof of leaving at the counter, and the application always goes to review.
      reason(LEAVING_FOREIGN, "外籍人员、港澳台居民与单位终止劳动关系后离境", true, true,
          List.of("immigration.exit_record", "national.member_account"),
          List.of("护照或港澳台居民来往内地通行证", "离境证明")),
      // The city's e-licence platform holds the household registers of the city only: none means moved out. The end
      // of employment comes from the center's own records, so the member can apply online.
      reason(MOVED_OUT, "户口迁出本市并与单位终止劳动关系", true, false,
          List.of("elicense.household_register", "national.member_account"), List.of("户口迁移证明")));

  private WithdrawalReasons() {}

  private static Map.Entry<String, Reason> reason(String code, String name, boolean closing, boolean counterOnly,
                                                  List<String> sources, List<String> materials) {
    return Map.entry(code, new Reason(code, name, closing, counterOnly, sources, materials));
  }

  /** The reason, or null when the platform does not handle it. */
  static Reason of(String code) {
    return REASONS.get(code);
  }
}
