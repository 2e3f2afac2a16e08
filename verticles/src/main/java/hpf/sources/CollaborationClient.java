package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * The local collaboration platform (协同平台) of the civil affairs and human resources bureaus: marriage
 * registration (婚姻), low-income assistance (低保) and unemployment registration (失业), by ID number.
 */
public final class CollaborationClient {

  public static final SourceQuery MARRIAGE = new SourceQuery("collab.marriage", "婚姻登记信息查询", "/marriage/query");
  public static final SourceQuery LOW_INCOME = new SourceQuery("collab.low_income", "最低生活保障信息查询", "/low-income/query");
  public static final SourceQuery UNEMPLOYMENT = new SourceQuery("collab.unemployment", "失业登记信息查询", "/unemployment/query");
  public static final List<SourceQuery> QUERIES = List.of(MARRIAGE, LOW_INCOME, UNEMPLOYMENT);

  /** Marital status 未婚, 已婚, 离婚, 丧偶; the spouse's ID number (masked by the source) and date when married. */
  public record Marriage(String status, String spouseName, String spouseIdNumberMasked, LocalDate registeredOn) {
    public boolean married() {
      return status.equals("已婚");
    }
  }

  /** Whether the person's household draws low-income assistance, and since when. */
  public record LowIncome(boolean recipient, LocalDate since) {}

  /** Whether the person is registered unemployed, and since when. */
  public record Unemployment(boolean registered, LocalDate since) {}

  private final SourceHttp http;

  public CollaborationClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public CollaborationClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<Marriage> marriage(String idNumber) {
    return http.ask(MARRIAGE, person(idNumber), a -> new Marriage(a.text("status"), a.optText("spouseName"),
        a.optText("spouseIdNumber"), a.optDate("registeredOn")));
  }

  public Future<LowIncome> lowIncome(String idNumber) {
    return http.ask(LOW_INCOME, person(idNumber), a -> new LowIncome(a.flag("recipient"), a.optDate("since")));
  }

  public Future<Unemployment> unemployment(String idNumber) {
    return http.ask(UNEMPLOYMENT, person(idNumber), a -> new Unemployment(a.flag("registered"), a.optDate("since")));
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }

}
