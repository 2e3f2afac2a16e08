package hpf.review;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;

/** The review room's problems, each with a stable code and business-language text. */
final class ReviewProblems {

  static final Problem CASE_NOT_FOUND = new Problem(404, "REVIEW_CASE_NOT_FOUND", "审核案件不存在",
      "未找到该审核案件，请核对案件编号。");
  static final Problem NOT_YOUR_STEP = new Problem(403, "REVIEW_NOT_YOUR_STEP", "不是您的审核环节",
      "该案件当前环节须由其他岗位的人员办理。");
  static final Problem FOUR_EYES = new Problem(409, "REVIEW_FOUR_EYES", "须由他人办理",
      "同一案件的每个环节须由不同人员办理：您已办理过该案件的前一环节，或案件由您录入。");
  static final Problem CASE_CLOSED = new Problem(409, "REVIEW_CASE_CLOSED", "案件已办结",
      "该案件已审批通过、不予批准或已撤销，不能再办理。");
  static final Problem CASE_RETURNED = new Problem(409, "REVIEW_CASE_RETURNED", "案件已退回申请人",
      "该案件已退回申请人补正，待申请人重新提交后再审核。");
  static final Problem STEP_CHANGED = new Problem(409, "REVIEW_STEP_CHANGED", "审核环节已变化",
      "该案件已由他人办理，当前环节与您办理的环节不符，请刷新后再看。");
  static final Problem REASON_REQUIRED = new Problem(422, "REVIEW_REASON_REQUIRED", "请填写理由",
      "退回补正和不予批准须写明理由，申请人可查看。");
  static final Problem NOT_RETURNED = new Problem(409, "REVIEW_NOT_RETURNED", "案件未退回",
      "只有退回补正的案件可以重新提交。");
  static final Problem CASE_EXISTS = new Problem(409, "REVIEW_CASE_EXISTS", "该业务已有审核案件",
      "该笔业务已提交审核，不能重复提交。");
  static final Problem FLOW_MISSING = new Problem(422, "REVIEW_FLOW_MISSING", "该业务未设置审核流程",
      "中心尚未为该业务类型设置生效的审核流程。");
  static final Problem FLOW_INVALID = new Problem(422, "REVIEW_FLOW_INVALID", "审核流程不合规",
      "审核流程须有 1 至 5 个环节，环节编号不重复，每个环节由已有的办理岗位（COUNTER 柜员、REVIEWER 审核、APPROVER 审批）办理。");
  static final Problem BUSINESS_TYPE_UNKNOWN = new Problem(422, "REVIEW_BUSINESS_TYPE_UNKNOWN", "业务类型不存在",
      "只能为平台已有的业务类型（如 LOAN_APPLICATION 贷款申请）设置审核流程。");
  static final Problem FLOW_EFFECTIVE_PAST = new Problem(422, "REVIEW_FLOW_EFFECTIVE_PAST", "生效时间不能早于现在",
      "审核流程的新版本自现在或以后生效；已受理的案件仍按受理时的流程办理。");

  private ReviewProblems() {}

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
