package hpf.withdrawal;

import hpf.sources.AnswerJson;
import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import hpf.withdrawal.Verification.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each data source's answer means for a withdrawal: the query to make, and PASSED or FAILED with the reason a
 * reviewer reads. Sources that only inform (marriage, repayments, accounts) pass and say what they found; the
 * deciding ones (contract filing, the loan being repaid, retirement, cremation, the property certificate, the
 * disability certificate, the household register) fail when the answer does not bear the application out.
 */
final class SourceVerdicts {

  /** A judged answer, with the raw answer kept as evidence. */
  record Answer(Outcome outcome, String detail, JsonObject raw) {}

  private static final Map<String, String> NAMES = DataSources.queries().stream()
      .collect(Collectors.toMap(SourceQuery::dependency, SourceQuery::name));

  private final DataSources sources;

  SourceVerdicts(DataSources sources) {
    this.sources = sources;
  }

  static String nameOf(String dependency) {
    return NAMES.getOrDefault(dependency, dependency);
  }

  /**
   * A property certificate number as compared and kept: full-width brackets as ASCII and no blanks, so the number
   * typed at the counter and the registry's are one.
   */
  static String certificateKey(String certificateNo) {
    return certificateNo.replace('（', '(').replace('）', ')').replaceAll("\\s+", "");
  }

  boolean knows(String dependency) {
    return switch (dependency) {
      case "national.contract_filing", "collab.marriage", "national.loan_info", "national.loan_repayments",
           "national.deposit_overview", "national.member_account", "pension.status", "national.loan_overview",
           "funeral.cremation", "real_estate.certificates", "elicense.disability_certificate",
           "elicense.household_register" -> true;
      default -> false;
    };
  }

  /** The source's answer judged for the reason: the household register means opposite things to 09 and 11. */
  Future<Answer> ask(String dependency, String reason, String idNumber, JsonObject details) {
    return switch (dependency) {
      case "national.contract_filing" -> sources.housing().contractFilings(idNumber).map(filings -> {
        String wanted = details.getString("contractNo", "").toUpperCase(Locale.ROOT);
        boolean filed = filings.stream().anyMatch(f -> f.contractNo().toUpperCase(Locale.ROOT).equals(wanted));
        return new Answer(filed ? Outcome.PASSED : Outcome.FAILED, filed ? "网签备案与申报的合同号一致"
            : "未查到合同号 " + wanted + " 的网签备案（查到 " + filings.size() + " 条备案）", AnswerJson.list(filings));
      });
      case "collab.marriage" -> sources.collaboration().marriage(idNumber).map(m ->
          new Answer(Outcome.PASSED, "婚姻状况：" + m.status(), AnswerJson.json(m)));
      case "national.loan_info" -> sources.loans().loans(idNumber).map(loans -> {
        String wanted = details.getString("loanContractNo");
        if (wanted == null) {
          return new Answer(Outcome.PASSED, "查到 " + loans.size() + " 笔住房贷款", AnswerJson.list(loans));
        }
        boolean open = loans.stream().anyMatch(l -> l.loanAccount().equalsIgnoreCase(wanted)
            && !"SETTLED".equalsIgnoreCase(l.status()));
        return new Answer(open ? Outcome.PASSED : Outcome.FAILED, open ? "借款合同对应的贷款在还款中"
            : "未查到借款合同号 " + wanted + " 的在还贷款", AnswerJson.list(loans));
      });
      // The repayments of the loan being repaid (query 13), not the loan list again: informs the reviewer.
      case "national.loan_repayments" -> sources.loans().repayments(idNumber, details.getString("loanContractNo", ""),
              1, 200)
          .map(page -> new Answer(Outcome.PASSED, "该借款合同查到 " + page.total() + " 期还款记录", AnswerJson.json(page)));
      case "national.deposit_overview" -> sources.deposits().depositOverview(idNumber).map(centers ->
          new Answer(Outcome.PASSED, "缴存总览：" + centers.size() + " 个中心有缴存记录", AnswerJson.list(centers)));
      case "national.member_account" -> sources.deposits().memberAccounts(idNumber).map(accounts ->
          new Answer(Outcome.PASSED, "查到 " + accounts.size() + " 个个人账户", AnswerJson.list(accounts)));
      case "pension.status" -> sources.pension().status(idNumber).map(s -> new Answer(
          s.retired() || s.drawsPension() ? Outcome.PASSED : Outcome.FAILED,
          s.retired() || s.drawsPension() ? "已办理退休" : "社保未登记退休", AnswerJson.json(s)));
      case "national.loan_overview" -> sources.loans().loanOverview(idNumber).map(loans -> {
        long open = loans.stream().filter(l -> !"SETTLED".equalsIgnoreCase(l.status())).count();
        return new Answer(Outcome.PASSED, open == 0 ? "没有未结清的贷款" : "有 " + open + " 笔未结清的贷款，需人工核对",
            AnswerJson.list(loans));
      });
      case "funeral.cremation" -> sources.funeral().cremation(idNumber).map(c ->
          new Answer(c != null ? Outcome.PASSED : Outcome.FAILED, c != null ? "查到火化记录" : "未查到火化记录",
              c == null ? new JsonObject() : AnswerJson.json(c)));
      // Building or repairing: the declared certificate must be the person's own (the home it is spent on).
      case "real_estate.certificates" -> sources.realEstate().properties(idNumber).map(properties -> {
        String wanted = details.getString("certificateNo", "");
        boolean owned = properties.stream().anyMatch(p -> certificateKey(p.certificateNo()).equals(wanted));
        return new Answer(owned ? Outcome.PASSED : Outcome.FAILED, owned ? "不动产权证书号与不动产登记一致"
            : "未查到不动产权证书号 " + wanted + " 的登记（查到 " + properties.size() + " 本证书）", AnswerJson.list(properties));
      });
      case "elicense.disability_certificate" -> sources.elicense().disabilityCertificates(idNumber).map(licences ->
          new Answer(licences.isEmpty() ? Outcome.FAILED : Outcome.PASSED, licences.isEmpty() ? "未查到残疾人证电子证照"
              : "查到残疾人证 " + licences.get(0).licenceNo() + "（" + licences.get(0).issuer() + "）",
              AnswerJson.list(licences)));
      // The city's platform holds the registers of the city only: for a household moved out there must be none.
      case "elicense.household_register" -> sources.elicense().householdRegisters(idNumber).map(licences ->
          WithdrawalReasons.MOVED_OUT.equals(reason)
              ? new Answer(licences.isEmpty() ? Outcome.PASSED : Outcome.FAILED, licences.isEmpty()
                  ? "本市电子证照平台已无该职工的户口簿，户口已迁出" : "户口簿仍在本市（" + licences.get(0).issuer() + "）",
                  AnswerJson.list(licences))
              : new Answer(licences.isEmpty() ? Outcome.FAILED : Outcome.PASSED, licences.isEmpty() ? "未查到户口簿电子证照"
                  : "查到户口簿 " + licences.get(0).licenceNo() + "，家庭成员关系以户口簿为准", AnswerJson.list(licences)));
      default -> Future.failedFuture(new IllegalArgumentException("no verdict for " + dependency));
    };
  }
}
