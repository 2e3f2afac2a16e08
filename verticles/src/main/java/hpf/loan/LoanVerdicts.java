package hpf.loan;

import hpf.kit.Money;
import hpf.loan.LoanCheck.Outcome;
import hpf.sources.AnswerJson;
import hpf.sources.DataSources;
import hpf.sources.NationalHousingClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * What each data source's answer means for a loan application: the query, PASSED or FAILED with the reason a
 * reviewer reads, and the facts the eligibility rules read. A FAILED verdict sends the application to a reviewer;
 * only {@link LoanEligibility} refuses, and only on facts a source actually answered.
 */
final class LoanVerdicts {

  /** The borrower's sources: the home, the family, the deposits, loans anywhere in the country, retirement. */
  static final List<String> BORROWER_SOURCES = List.of("national.contract_filing", "collab.marriage",
      "real_estate.certificates", "national.deposit_overview", "national.continuous_deposit",
      "national.loan_overview", "national.loan_count", "national.loan_settled", "pension.status");
  /** A co-borrower's sources: its deposits (the family's repayment capacity rests on them too). */
  static final List<String> CO_BORROWER_SOURCES = List.of("national.deposit_overview", "national.continuous_deposit");

  /** A judged answer, with the raw answer kept as evidence. */
  record Verdict(Outcome outcome, String detail, JsonObject raw, JsonObject facts) {}

  private final DataSources sources;

  LoanVerdicts(DataSources sources) {
    this.sources = sources;
  }

  Future<Verdict> ask(String source, String idNumber, JsonObject declared) {
    return switch (source) {
      case "national.contract_filing" -> sources.housing().contractFilings(idNumber).map(filings -> {
        String wanted = declared.getString("contractNo", "").toUpperCase(Locale.ROOT);
        var filing = filings.stream().filter(f -> f.contractNo().toUpperCase(Locale.ROOT).equals(wanted)).findFirst();
        Money declaredPrice = Money.parse(declared.getString("price", "0"));
        boolean priceAgrees = filing.isPresent() && filing.get().price().equals(declaredPrice);
        // A declared shared-ownership home raises the ceiling (policy float): the filing must say so too.
        boolean sharedDeclared = declared.getBoolean("sharedOwnership", false);
        boolean kindAgrees = !sharedDeclared || filing.isPresent() && filing.get().sharedOwnership();
        String detail = filing.isEmpty()
            ? "未查到合同号 " + wanted + " 的网签备案（查到 " + filings.size() + " 条备案）"
            : !priceAgrees ? "网签备案房价 " + filing.get().price() + " 元与申报的 " + declaredPrice + " 元不一致"
            : !kindAgrees ? "申报为共有产权住房，网签备案的房屋类型为"
                + (filing.get().houseType() == null ? "未载明" : "“" + filing.get().houseType() + "”")
            : "网签备案 " + filing.get().filingNo() + " 与申报的合同号、房价" + (sharedDeclared ? "、共有产权住房" : "")
                + "一致";
        return new Verdict(priceAgrees && kindAgrees ? Outcome.PASSED : Outcome.FAILED, detail,
            AnswerJson.list(filings), new JsonObject().put("filed", filing.isPresent())
                .put("houseType", filing.map(NationalHousingClient.ContractFiling::houseType).orElse(null)));
      });
      case "collab.marriage" -> sources.collaboration().marriage(idNumber).map(m -> new Verdict(Outcome.PASSED,
          "婚姻状况：" + m.status()
              + (m.married() && m.spouseName() != null ? "，登记配偶 " + m.spouseName() : ""),
          AnswerJson.json(m), new JsonObject().put("married", m.married()).put("status", m.status())));
      case "real_estate.certificates" -> sources.realEstate().properties(idNumber).map(homes -> new Verdict(
          Outcome.PASSED, homes.isEmpty() ? "名下无登记住房" : "名下登记住房 " + homes.size() + " 套",
          AnswerJson.list(homes), new JsonObject().put("holdings", homes.size())));
      case "national.deposit_overview" -> sources.deposits().depositOverview(idNumber).map(centers -> {
        long active = centers.stream().filter(c -> "01".equals(c.accountStatus())).count();
        return new Verdict(Outcome.PASSED, "缴存总览：" + centers.size()
            + " 个其他中心有缴存记录，其中正常缴存 " + active + " 个", AnswerJson.list(centers), new JsonObject().put("activeElsewhere", active));
      });
      case "national.continuous_deposit" -> sources.deposits().continuousDeposit(idNumber).map(d -> new Verdict(
          d.months() > 0 ? Outcome.PASSED : Outcome.FAILED, d.months() > 0 ? "连续缴存 " + d.months() + " 个月"
              : "未查到连续缴存记录", AnswerJson.json(d), new JsonObject().put("months", d.months())));
      case "national.loan_overview" -> sources.loans().loanOverview(idNumber).map(loans -> {
        long open = loans.stream().filter(l -> !"02".equals(l.status())).count();
        return new Verdict(Outcome.PASSED, "贷款总览：" + loans.size() + " 笔住房公积金贷款，未结清 "
            + open + " 笔", AnswerJson.list(loans), new JsonObject().put("open", open));
      });
      case "national.loan_count" -> sources.loans().loanCount(idNumber).map(c -> new Verdict(
          c.outstanding() == 0 ? Outcome.PASSED : Outcome.FAILED, "贷款笔数：共 " + c.total()
              + " 笔，已结清 " + c.settled() + " 笔，未结清 " + c.outstanding() + " 笔，逾期 " + c.overdue()
              + " 笔", AnswerJson.json(c),
          new JsonObject().put("outstanding", c.outstanding()).put("overdue", c.overdue())));
      case "national.loan_settled" -> sources.loans().allSettled(idNumber).map(settled -> new Verdict(
          settled ? Outcome.PASSED : Outcome.FAILED, settled ? "结清校验：无未结清的住房公积金贷款"
              : "结清校验：有未结清的住房公积金贷款", new JsonObject().put("settled", settled),
          new JsonObject().put("settled", settled)));
      case "pension.status" -> sources.pension().status(idNumber).map(s -> new Verdict(
          s.drawsPension() ? Outcome.FAILED : Outcome.PASSED,
          s.drawsPension() ? "已退休并领取养老金，需人工核实还款能力" : "社保状态：" + s.insuranceStatus(), AnswerJson.json(s),
          new JsonObject().put("drawsPension", s.drawsPension())));
      default -> Future.failedFuture(new IllegalArgumentException("no verdict for " + source));
    };
  }
}
