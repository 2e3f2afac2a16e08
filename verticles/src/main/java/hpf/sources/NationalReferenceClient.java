package hpf.sources;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

/**
 * National data sharing platform, reference data: enterprise basic info by unified social credit code (query 1) and
 * administrative division codes (行政区划, query 5) with their parent chain. Neither is personal data.
 */
public final class NationalReferenceClient {

  public static final SourceQuery CREDIT_CODE = new SourceQuery("national.credit_code", "统一社会信用代码查询",
      "/credit-codes/query");
  public static final SourceQuery ADMIN_DIVISIONS = new SourceQuery("national.admin_divisions", "行政区划代码查询",
      "/admin-divisions/query");
  public static final List<SourceQuery> QUERIES = List.of(CREDIT_CODE, ADMIN_DIVISIONS);

  /** What the probe of the division query asks about: a code no division has. */
  static final String PROBE_DIVISION_CODE = "000000";

  /** Enterprise basic info behind a credit code (统一社会信用代码); {@code status} as registered (存续, 注销, ...). */
  public record CreditCodeHolder(String creditCode, String name, String legalRepresentative, String status,
                                 LocalDate registeredOn, String authority, String address) {}

  /** One level of a division's chain, from the province down. */
  public record Level(String code, String name) {}

  /** A division (6-digit code): its name, its level (省级, 地级, 县级) and its chain from the province to itself. */
  public record Division(String code, String name, String level, List<Level> chain) {
    /** The full name, e.g. 福建省厦门市. */
    public String fullName() {
      return chain.stream().map(Level::name).reduce("", String::concat);
    }
  }

  private final SourceHttp http;

  public NationalReferenceClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalReferenceClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  /** The holder of the code, or null when no organisation has it. */
  public Future<CreditCodeHolder> creditCode(String creditCode) {
    return http.ask(CREDIT_CODE, new JsonObject().put("creditCode", creditCode), a -> !a.flag("found") ? null
        : new CreditCodeHolder(a.text("creditCode"), a.text("name"), a.text("legalRepresentative"), a.text("status"),
            a.date("registeredOn"), a.text("authority"), a.text("address")));
  }

  /** The division with that code, or null when there is none. */
  public Future<Division> division(String code) {
    return http.ask(ADMIN_DIVISIONS, new JsonObject().put("divisionCode", code), a -> !a.flag("found") ? null
        : new Division(a.text("code"), a.text("name"), a.text("level"), a.list("chain").stream()
            .map(l -> new Level(l.text("code"), l.text("name"))).toList()));
  }

  /** The synthetic probe of one of {@link #QUERIES}: the reserved credit code, or a division code nobody has. */
  public Future<Void> probe(String dependency) {
    SourceQuery query = SourceQuery.find(QUERIES, dependency);
    return query == ADMIN_DIVISIONS
        ? http.probe(query, new JsonObject().put("divisionCode", PROBE_DIVISION_CODE).put("probe", true))
        : http.probe(query);
  }
}
