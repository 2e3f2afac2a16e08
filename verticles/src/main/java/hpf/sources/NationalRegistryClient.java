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
 * National data sharing platform, registries: enterprise info by unified social credit code (query 18),
 * population basic info (6) and urban employee pension contributions (19), by ID number.
 */
public final class NationalRegistryClient {

  public static final SourceQuery ENTERPRISE = new SourceQuery("national.enterprise", "企业信息查询", "/enterprises/query");
  public static final SourceQuery POPULATION = new SourceQuery("national.population", "人口基础信息查询", "/population/query");
  public static final SourceQuery PENSION_CONTRIBUTIONS = new SourceQuery("national.pension_contributions",
      "城镇职工养老保险参保缴费信息查询", "/pension-contributions/query");
  public static final List<SourceQuery> QUERIES = List.of(ENTERPRISE, POPULATION, PENSION_CONTRIBUTIONS);

  /** Enterprise info (企业信息); {@code status} as registered: 存续, 在业, 吊销, 注销, 迁出. */
  public record Enterprise(String creditCode, String registrationNo, String name, String legalRepresentative,
                           LocalDate establishedOn, Money registeredCapital, String type, String authority,
                           String status, String address, String businessScope) {
    public boolean active() {
      return status.equals("存续") || status.equals("在业");
    }
  }

  /** Population basic info (人口基础信息) with the platform's match verdicts for the ID and the name given. */
  public record Population(String idNumber, String name, String sex, String ethnicity, LocalDate birthDate,
                           String birthplace, boolean idMatches, boolean nameMatches, boolean deceased) {}

  /** One insured period (养老保险参保缴费); {@code endMonth} null while it runs; status 参保缴费, 暂停缴费, 终止. */
  public record PensionPeriod(String status, String employerName, String startMonth, String endMonth,
                              String identity, Money base) {}

  private final SourceHttp http;

  public NationalRegistryClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalRegistryClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  /** The enterprise, or null when no enterprise has that credit code. */
  public Future<Enterprise> enterprise(String creditCode) {
    return http.ask(ENTERPRISE, new JsonObject().put("creditCode", creditCode), a -> !a.flag("found") ? null
        : new Enterprise(a.text("creditCode"), a.text("registrationNo"), a.text("name"), a.text("legalRepresentative"),
            a.date("establishedOn"), a.money("registeredCapital"), a.text("type"), a.text("authority"),
            a.text("status"), a.text("address"), a.text("businessScope")));
  }

  /** The person as registered, or null when the ID number is not registered; the name given is matched. */
  public Future<Population> population(String idNumber, String name) {
    return http.ask(POPULATION, person(idNumber).put("name", name), a -> !a.flag("found") ? null
        : new Population(a.text("idNumber"), a.text("name"), a.text("sex"), a.text("ethnicity"), a.date("birthDate"),
            a.text("birthplace"), a.flag("idMatches"), a.flag("nameMatches"), a.flag("deceased")));
  }

  public Future<List<PensionPeriod>> pensionContributions(String idNumber) {
    return http.ask(PENSION_CONTRIBUTIONS, person(idNumber), a -> a.list("items").stream().map(i -> new PensionPeriod(
        i.text("status"), i.text("employerName"), i.text("startMonth"), i.optText("endMonth"), i.text("identity"),
        i.money("base"))).toList());
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
