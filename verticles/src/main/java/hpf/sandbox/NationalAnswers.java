package hpf.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/** The sandbox national data sharing platform's answers, from {@link SourceFacts} (deterministic). */
final class NationalAnswers {

  private static final String CENTER_NO = "C350200";
  private static final String OTHER_CENTER_NO = "C110000";

  private NationalAnswers() {}

  /** The answer to one national query, or null when the dependency is not a national one. */
  static JsonObject answer(String dependency, JsonObject query) {
    SourceFacts f = SourceFacts.of(query.getString("idNumber", ""));
    int year = SourceFacts.today().getYear();
    String tail = f.idNumber().substring(Math.max(0, f.idNumber().length() - 6));
    return switch (dependency) {
      case "national.enterprise" -> enterprise(query.getString("creditCode", ""));
      case "national.population" -> new JsonObject().put("found", true).put("idNumber", f.idNumber())
          .put("name", f.name(query.getString("name"))).put("sex", f.sex()).put("ethnicity", "汉族")
          .put("birthDate", f.birthDate().toString()).put("birthplace", "福建省厦门市").put("idMatches", true)
          .put("nameMatches", query.getString("name") == null || f.name(query.getString("name")).equals(query.getString("name")))
          .put("deceased", f.deceased());
      case "national.pension_contributions" -> items(f.unemployed() || !f.retired() ? new JsonObject()
          .put("status", f.unemployed() ? "暂停缴费" : "参保缴费").put("employerName", "厦门示例科技有限公司")
          .put("startMonth", (year - 5) + "-01").putNull("endMonth").put("identity", "企业职工").put("base", "8000.00")
          : new JsonObject().put("status", "终止").put("employerName", "厦门示例科技有限公司").put("startMonth", "1995-01")
          .put("endMonth", f.retiredOn().toString().substring(0, 7)).put("identity", "企业职工").put("base", "6000.00"));
      case "national.contract_filing" -> items(!f.filedPurchase() ? null : new JsonObject()
          .put("filingNo", "WQ" + year + tail).put("contractNo", "HT" + tail).put("houseAddress", "厦门市思明区示例路" + f.b() + "号")
          .put("area", "89.50").put("price", "2680000.00").put("signedOn", (year - 1) + "-03-01")
          .put("filedOn", (year - 1) + "-03-05").put("houseType", f.houseType()));
      case "national.lease_filing" -> items(!f.filedLease() ? null : new JsonObject()
          .put("filingNo", "ZL" + year + tail).put("contractNo", "ZLHT" + tail).put("use", "居住").put("houseNo", "F" + tail)
          .put("address", "厦门市湖里区示例街" + f.b() + "号").put("area", "56.00").put("monthlyRent", "2500.00")
          .put("startDate", (year - 1) + "-01-01").put("endDate", (year + 1) + "-12-31").putNull("terminatedOn")
          .put("lessorName", "陈某").put("propertyCertificateNo", "闽(" + (year - 3) + ")厦门市不动产权第" + tail + "号"));
      case "national.public_rental" -> items(!f.publicRental() ? null : new JsonObject()
          .put("contractNo", "GZF" + tail).put("houseNo", "G" + tail).put("address", "厦门市集美区保障房社区" + f.a() + "号")
          .put("area", "45.00").put("monthlyRent", "600.00").put("startDate", (year - 1) + "-07-01")
          .put("endDate", (year + 2) + "-06-30").put("project", "集美保障性住房项目"));
      case "national.deposit_overview" -> items(f.accountElsewhere() == null ? null : new JsonObject()
          .put("centerNo", OTHER_CENTER_NO).put("centerName", "北京住房公积金管理中心").put("employerAccount", "EA" + tail)
          .put("memberAccount", "MA" + tail).put("accountStatus", f.accountElsewhere())
          .put("centerAccountingDate", SourceFacts.today().minusDays(1).toString()));
      case "national.member_account" -> items(f.accountElsewhere() == null ? null : new JsonObject()
          .put("name", f.name(null)).put("centerNo", OTHER_CENTER_NO).put("memberAccount", "MA" + tail)
          .put("accountStatus", f.accountElsewhere()).put("base", "10000.00").put("employerRatio", "0.12")
          .put("memberRatio", "0.12").put("monthlyAmount", "2400.00").put("paidToMonth", (year - 1) + "-12")
          .put("balance", "35600.00").put("openedOn", (year - 6) + "-04-01").putNull("closedOn").putNull("closeReason"));
      case "national.continuous_deposit" -> new JsonObject().put("centerNo", CENTER_NO).put("memberAccount", "MA" + tail)
          .put("months", f.continuousMonths());
      case "national.loan_overview" -> items(!f.hasLoan() ? null : new JsonObject().put("centerNo", CENTER_NO)
          .put("loanAccount", "LA" + tail).put("status", f.settledLoan() ? "02" : "01").put("coBorrower", false));
      case "national.loan_count" -> new JsonObject().put("total", f.hasLoan() ? 1 : 0)
          .put("settled", f.settledLoan() ? 1 : 0).put("outstanding", f.purchaseWithLoan() ? 1 : 0).put("overdue", 0);
      case "national.loan_info" -> items(!f.hasLoan() ? null : loan(f, tail, year));
      case "national.loan_repayments" -> repayments(f, query, year);
      case "national.loan_settled" -> new JsonObject().put("settled", !f.purchaseWithLoan());
      default -> null;
    };
  }

  static JsonObject enterprise(String creditCode) {
    if (creditCode.length() != 18) {
      return new JsonObject().put("found", false);
    }
    String name = DemoPeople.EMPLOYERS.stream().filter(e -> e.creditCode().equalsIgnoreCase(creditCode))
        .map(DemoPeople.Employer::name).findFirst().orElse("厦门" + creditCode.substring(12, 16) + "有限公司");
    char mark = creditCode.charAt(16);
    // Position 17 decides the registration status of an unknown enterprise: 0 cancelled, 1 revoked, else active.
    String status = DemoPeople.EMPLOYERS.stream().anyMatch(e -> e.creditCode().equalsIgnoreCase(creditCode)) ? "存续"
        : mark == '0' ? "注销" : mark == '1' ? "吊销" : "存续";
    return new JsonObject().put("found", true).put("creditCode", creditCode.toUpperCase())
        .put("registrationNo", "350200" + creditCode.substring(8, 17)).put("name", name).put("legalRepresentative", "林某")
        .put("establishedOn", "2015-06-18").put("registeredCapital", "1000000.00").put("type", "有限责任公司")
        .put("authority", "厦门市市场监督管理局").put("status", status).put("address", "厦门市思明区示例大道1号")
        .put("businessScope", "软件开发；信息技术咨询服务");
  }

  private static JsonObject loan(SourceFacts f, String tail, int year) {
    return new JsonObject().put("borrowerName", f.name(null)).put("centerNo", CENTER_NO).put("loanAccount", "LA" + tail)
        .put("status", f.settledLoan() ? "02" : "01").put("type", "01").put("bank", "中国建设银行厦门分行")
        .put("periods", 360).put("amount", "1200000.00").put("method", "等额本息").put("overduePeriods", 0)
        .put("startDate", (year - 1) + "-04-01").put("endDate", (year + 29) + "-04-01")
        .put("houseAddress", "厦门市思明区示例路" + f.b() + "号")
        .put("settledOn", f.settledLoan() ? (year - 1) + "-12-20" : null);
  }

  /** Twelve monthly repayments a year of loan so far; paged like the platform (at most 200 a page). */
  private static JsonObject repayments(SourceFacts f, JsonObject query, int year) {
    int total = f.hasLoan() ? 12 : 0;
    int page = Math.max(1, query.getInteger("page", 1));
    int size = Math.min(200, Math.max(1, query.getInteger("size", 20)));
    JsonArray items = new JsonArray();
    for (int n = (page - 1) * size + 1; n <= Math.min(total, page * size); n++) {
      items.add(new JsonObject().put("date", LocalDate.of(year - 1, 4, 20).plusMonths(n).toString()).put("period", n)
          .put("principal", "1765.43").put("interest", "3250.00").put("penalty", "0.00"));
    }
    return new JsonObject().put("page", page).put("size", size).put("total", total).put("items", items);
  }

  static JsonObject items(JsonObject item) {
    return new JsonObject().put("items", item == null ? new JsonArray() : new JsonArray().add(item));
  }
}
