package hpf.loan;

import hpf.kit.Problem;
import hpf.loan.terms.CeilingResult;
import hpf.sources.NationalHousingClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Who may borrow (贷款条件), from what the data sources answered: the facts the ceiling's rules read (provident
 * fund loans outstanding anywhere in the country, months of continuous deposit), and the rules of the home and the
 * family that only the sources can tell (at most one home already, a second applied for as such; a co-borrower only for a
 * married borrower). A source that did not answer cannot refuse: its check sends the application to a reviewer
 * instead. Also the wording of the ceiling's own refusals (hpf.loan.terms), saying which rule and why.
 */
final class LoanEligibility {

  private LoanEligibility() {}

  /** The refusal by the home and family rules, or null when no answered fact refuses the application. */
  static Problem judge(LoanRequest request, List<LoanCheck> checks) {
    int holdings = facts(checks, LoanCheck.BORROWER, "real_estate.certificates")
        .map(f -> f.getInteger("holdings", 0)).orElse(0);
    if (holdings >= 2) {
      return LoanProblems.notEligible("homeOrdinal", "不动产登记显示借款人名下已有 " + holdings
          + " 套住房，住房公积金贷款不支持购买第三套及以上住房。");
    }
    if (holdings == 1 && request.terms().home().ordinal() == 1) {
      return LoanProblems.notEligible("homeOrdinal",
          "不动产登记显示借款人名下已有 1 套住房，请按第二套住房申请。");
    }
    // The shared-ownership float is claimed by the applicant; a filing that names another kind of housing refuses it
    // (a filing that names none cannot: its check sends the application to a reviewer).
    String houseType = facts(checks, LoanCheck.BORROWER, "national.contract_filing")
        .map(f -> f.getString("houseType")).orElse(null);
    if (request.terms().home().sharedOwnership() && houseType != null
        && !NationalHousingClient.ContractFiling.SHARED_OWNERSHIP.equals(houseType)) {
      return LoanProblems.notEligible("home.sharedOwnership", "网签备案显示所购住房为" + houseType
          + "，不是共有产权住房，不适用共有产权住房的贷款额度上浮，请按实际房屋类型申请。");
    }
    Optional<JsonObject> marriage = facts(checks, LoanCheck.BORROWER, "collab.marriage");
    if (!request.coBorrowers().isEmpty() && marriage.map(f -> !f.getBoolean("married", false)).orElse(false)) {
      return LoanProblems.notEligible("coBorrowers", "婚姻登记显示借款人" + marriage.get().getString("status")
          + "，共同借款人须为借款人的配偶。");
    }
    return null;
  }

  /** Loans outstanding anywhere as the count and the settled check answered (0 when neither answered). */
  static int outstandingLoans(List<LoanCheck> checks) {
    int counted = facts(checks, LoanCheck.BORROWER, "national.loan_count").map(f -> f.getInteger("outstanding", 0))
        .orElse(0);
    boolean unsettled = facts(checks, LoanCheck.BORROWER, "national.loan_settled")
        .map(f -> !f.getBoolean("settled", true)).orElse(false);
    return Math.max(counted, unsettled ? 1 : 0);
  }

  /** A party's months of continuous deposit, or {@code unknown} when the source did not answer. */
  static int continuousMonths(List<LoanCheck> checks, String party, int unknown) {
    return facts(checks, party, "national.continuous_deposit").map(f -> f.getInteger("months", 0)).orElse(unknown);
  }

  /** The ceiling's first reason of ineligibility, in the applicant's words. */
  static Problem refusal(String code, int outstanding, int months, int minMonths) {
    return switch (code) {
      case CeilingResult.OUTSTANDING_LOAN -> LoanProblems.notEligible("outstandingLoans",
          "全国住房公积金数据共享平台显示借款人有 " + outstanding
              + " 笔未结清的住房公积金贷款，结清后才能再次申请。");
      case CeilingResult.DEPOSIT_MONTHS_TOO_SHORT -> LoanProblems.notEligible("continuousDepositMonths",
          "借款人连续缴存 " + months + " 个月，不足 " + minMonths + " 个月。");
      case CeilingResult.ACCOUNT_NOT_NORMAL -> LoanProblems.NO_ACCOUNT;
      case CeilingResult.AGE_LIMIT_REACHED -> LoanProblems.notEligible("age",
          "借款人已达到贷款年龄上限。");
      default -> LoanProblems.notEligible("homeOrdinal",
          "住房公积金贷款只支持第一套或第二套住房。");
    };
  }

  /** The facts of one party's answered source, if it answered. */
  static Optional<JsonObject> facts(List<LoanCheck> checks, String party, String source) {
    return checks.stream().filter(c -> c.party().equals(party) && c.source().equals(source) && c.answered())
        .findFirst().map(LoanCheck::facts);
  }
}
