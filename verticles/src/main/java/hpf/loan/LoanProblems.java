package hpf.loan;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Business-rule refusals of loan applications, one stable code and Chinese title each. */
final class LoanProblems {

  static final Problem APPLICATION_OPEN = new Problem(409, "LOAN_APPLICATION_OPEN", "已有办理中的贷款申请",
      "该职工已有一笔审核中、退回修改或已审批待签约的贷款申请，"
          + "办结或撤销后才能再次申请。");
  static final Problem NOT_FOUND = new Problem(404, "LOAN_APPLICATION_NOT_FOUND", "贷款申请不存在",
      "未找到该贷款申请。");
  static final Problem NOT_CANCELLABLE = new Problem(409, "LOAN_APPLICATION_NOT_CANCELLABLE",
      "贷款申请不能撤销",
      "贷款申请已审批、已拒绝或已撤销，不能撤销。");
  static final Problem NOT_RETURNED = new Problem(409, "LOAN_APPLICATION_NOT_RETURNED", "贷款申请未退回",
      "只有退回修改的贷款申请可以补正后重新提交。");
  static final Problem CHANNEL_NOT_ALLOWED = new Problem(403, "LOAN_CHANNEL_NOT_ALLOWED",
      "该渠道不能办理贷款申请", "贷款申请请通过中心的网上大厅、手机 App、小程序或柜台办理；"
          + "柜面应用须由柜面工作人员代为办理。");
  static final Problem TERMS_INVALID = new Problem(422, "LOAN_TERMS_INVALID", "贷款申请信息有误",
      "贷款金额应大于零，贷款期限 12–360 个月，还款方式 01（等额本息）或 02（等额本金），"
          + "房屋价格与面积应大于零。");
  static final Problem CARD_INVALID = new Problem(422, "BANK_CARD_INVALID", "银行卡号有误",
      "还款银行卡号应为 16–19 位数字且校验位正确（Luhn），请核对。");
  static final Problem CO_BORROWER_INVALID = new Problem(422, "LOAN_CO_BORROWER_INVALID", "共同借款人有误",
      "共同借款人须为借款人的配偶，是本中心登记的职工，且不是借款人本人。");
  static final Problem NO_ACCOUNT = new Problem(422, "LOAN_NOT_ELIGIBLE", "不符合贷款条件",
      "借款人在本中心没有正常缴存的个人账户。",
      reasons("accountStatus", "个人账户不存在或非正常缴存状态"));

  private LoanProblems() {}

  /** Not eligible, saying which rule refused it ({@code rule} is the field name of the fact that failed it). */
  static Problem notEligible(String rule, String reason) {
    return new Problem(422, "LOAN_NOT_ELIGIBLE", "不符合贷款条件", reason, reasons(rule, reason));
  }

  /** The amount asked for is above the ceiling; names the binding limit and its amount. */
  static Problem aboveCeiling(Money ceiling, String limitName, String limitLabel) {
    return new Problem(422, "LOAN_AMOUNT_ABOVE_CEILING", "超出可贷额度",
        "申请金额超出可贷额度 " + ceiling + " 元，起决定作用的限额为“" + limitLabel + "”（" + limitName
            + "）。",
        new JsonArray().add(new JsonObject().put("field", "amount").put("in", "body")
            .put("reason", "超出" + limitLabel + "：最高 " + ceiling + " 元")));
  }

  private static JsonArray reasons(String rule, String reason) {
    return new JsonArray().add(new JsonObject().put("field", rule).put("in", "body").put("reason", reason));
  }

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
