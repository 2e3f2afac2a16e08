package hpf.sources;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * National data sharing platform, deposits: deposit overview across centers (query 7), member account info (8)
 * and the continuous deposit check (9), by ID number. Account status codes follow JGJ/T 320 (01 正常, 02 封存, ...).
 */
public final class NationalDepositClient {

  public static final SourceQuery DEPOSIT_OVERVIEW = new SourceQuery("national.deposit_overview", "缴存总览查询", "/deposit-overview/query");
  public static final SourceQuery MEMBER_ACCOUNT = new SourceQuery("national.member_account", "个人账户信息查询", "/member-accounts/query");
  public static final SourceQuery CONTINUOUS_DEPOSIT = new SourceQuery("national.continuous_deposit", "连续缴存校验", "/continuous-deposit/query");
  public static final List<SourceQuery> QUERIES = List.of(DEPOSIT_OVERVIEW, MEMBER_ACCOUNT, CONTINUOUS_DEPOSIT);

  /** One center's line of the overview (缴存总览). */
  public record DepositAtCenter(String centerNo, String centerName, String employerAccount, String memberAccount,
                                String accountStatus, LocalDate centerAccountingDate) {}

  /** A member account at some center (个人账户信息); {@code closedOn} null while open. */
  public record MemberAccount(String name, String centerNo, String memberAccount, String accountStatus, Money base,
                              String employerRatio, String memberRatio, Money monthlyAmount, String paidToMonth,
                              Money balance, LocalDate openedOn, LocalDate closedOn, String closeReason) {}

  /** How many months the person has deposited without a gap, at the center that answers. */
  public record ContinuousDeposit(String centerNo, String memberAccount, int months) {}

  private final SourceHttp http;

  public NationalDepositClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalDepositClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<List<DepositAtCenter>> depositOverview(String idNumber) {
    return http.ask(DEPOSIT_OVERVIEW, person(idNumber), a -> a.list("items").stream().map(i -> new DepositAtCenter(
        i.text("centerNo"), i.text("centerName"), i.text("employerAccount"), i.text("memberAccount"),
        i.text("accountStatus"), i.date("centerAccountingDate"))).toList());
  }

  public Future<List<MemberAccount>> memberAccounts(String idNumber) {
    return http.ask(MEMBER_ACCOUNT, person(idNumber), a -> a.list("items").stream().map(i -> new MemberAccount(
        i.text("name"), i.text("centerNo"), i.text("memberAccount"), i.text("accountStatus"), i.money("base"),
        i.text("employerRatio"), i.text("memberRatio"), i.money("monthlyAmount"), i.text("paidToMonth"),
        i.money("balance"), i.date("openedOn"), i.optDate("closedOn"), i.optText("closeReason"))).toList());
  }

  /** The continuous deposit check; no account anywhere answers zero months. */
  public Future<ContinuousDeposit> continuousDeposit(String idNumber) {
    return http.ask(CONTINUOUS_DEPOSIT, person(idNumber), a -> new ContinuousDeposit(a.optText("centerNo"),
        a.optText("memberAccount"), a.count("months")));
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
