package hpf.sources;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * National data sharing platform, provident fund loans: overview (query 10), count (11), loan info (12),
 * repayment details (13, paged, at most 200 a page) and the settled check (14), by ID number.
 */
public final class NationalLoanClient {

  public static final int MAX_REPAYMENT_PAGE = 200;

  public static final SourceQuery LOAN_OVERVIEW = new SourceQuery("national.loan_overview", "贷款总览查询", "/loan-overview/query");
  public static final SourceQuery LOAN_COUNT = new SourceQuery("national.loan_count", "贷款笔数查询", "/loan-count/query");
  public static final SourceQuery LOAN_INFO = new SourceQuery("national.loan_info", "贷款信息查询", "/loans/query");
  public static final SourceQuery LOAN_REPAYMENTS = new SourceQuery("national.loan_repayments", "贷款还款明细查询", "/loan-repayments/query");
  public static final SourceQuery LOAN_SETTLED = new SourceQuery("national.loan_settled", "个人贷款结清校验", "/loan-settled/query");
  public static final List<SourceQuery> QUERIES = List.of(LOAN_OVERVIEW, LOAN_COUNT, LOAN_INFO, LOAN_REPAYMENTS, LOAN_SETTLED);

  /** One loan in the overview; status 01 repaying, 02 settled, 03 overdue. */
  public record LoanSummary(String centerNo, String loanAccount, String status, boolean coBorrower) {}

  public record LoanCount(int total, int settled, int outstanding, int overdue) {}

  /** A loan's details (贷款信息); {@code settledOn} null while outstanding. */
  public record Loan(String borrowerName, String centerNo, String loanAccount, String status, String type, String bank,
                     int periods, Money amount, String method, int overduePeriods, LocalDate startDate,
                     LocalDate endDate, String houseAddress, LocalDate settledOn) {}

  public record Repayment(LocalDate date, int period, Money principal, Money interest, Money penalty) {}

  /** One page of repayment details and the total count across pages. */
  public record RepaymentPage(int page, int size, int total, List<Repayment> items) {}

  private final SourceHttp http;

  public NationalLoanClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalLoanClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<List<LoanSummary>> loanOverview(String idNumber) {
    return http.ask(LOAN_OVERVIEW, person(idNumber), a -> a.list("items").stream().map(i -> new LoanSummary(
        i.text("centerNo"), i.text("loanAccount"), i.text("status"), i.flag("coBorrower"))).toList());
  }

  public Future<LoanCount> loanCount(String idNumber) {
    return http.ask(LOAN_COUNT, person(idNumber), a -> new LoanCount(a.count("total"), a.count("settled"),
        a.count("outstanding"), a.count("overdue")));
  }

  public Future<List<Loan>> loans(String idNumber) {
    return http.ask(LOAN_INFO, person(idNumber), a -> a.list("items").stream().map(i -> new Loan(
        i.text("borrowerName"), i.text("centerNo"), i.text("loanAccount"), i.text("status"), i.text("type"),
        i.text("bank"), i.count("periods"), i.money("amount"), i.text("method"), i.count("overduePeriods"),
        i.date("startDate"), i.date("endDate"), i.text("houseAddress"), i.optDate("settledOn"))).toList());
  }

  /** One page (from 1) of a loan's repayments; the platform serves at most {@value #MAX_REPAYMENT_PAGE} a page. */
  public Future<RepaymentPage> repayments(String idNumber, String loanAccount, int page, int size) {
    if (page < 1 || size < 1 || size > MAX_REPAYMENT_PAGE) {
      throw new IllegalArgumentException("page from 1, size 1.." + MAX_REPAYMENT_PAGE);
    }
    JsonObject body = person(idNumber).put("loanAccount", loanAccount).put("page", page).put("size", size);
    return http.ask(LOAN_REPAYMENTS, body, a -> new RepaymentPage(a.count("page"), a.count("size"), a.count("total"),
        a.list("items").stream().map(i -> new Repayment(i.date("date"), i.count("period"), i.money("principal"),
            i.money("interest"), i.money("penalty"))).toList()));
  }

  /** The settled check (结清校验): true when the person has no outstanding provident fund loan. */
  public Future<Boolean> allSettled(String idNumber) {
    return http.ask(LOAN_SETTLED, person(idNumber), a -> a.flag("settled"));
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
