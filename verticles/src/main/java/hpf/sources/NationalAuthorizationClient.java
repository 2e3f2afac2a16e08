package hpf.sources;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * National data sharing platform, authorizations: filing a person's sharing authorization (信息共享授权申请, query
 * 15), verifying one (信息共享授权验证, 16) and listing a person's authorizations (信息使用授权列表查询, 17, at most 300
 * a page). The center's own consent record (hpf.sources.consent) stays authoritative; these mirror it nationally.
 */
public final class NationalAuthorizationClient {

  public static final SourceQuery REQUEST = new SourceQuery("national.authorization_request", "信息共享授权申请",
      "/authorizations/request");
  public static final SourceQuery VERIFICATION = new SourceQuery("national.authorization_verification",
      "信息共享授权验证", "/authorizations/verify");
  public static final SourceQuery LIST = new SourceQuery("national.authorization_list", "信息使用授权列表查询",
      "/authorizations/query");
  public static final List<SourceQuery> QUERIES = List.of(REQUEST, VERIFICATION, LIST);
  /** The platform's page size limit for the authorization list. */
  public static final int MAX_LIST_PAGE = 300;

  /** What is filed: the person, the center's consent it mirrors, its purpose, national scopes and validity. */
  public record Filing(String idNumber, String consentId, String purpose, List<String> scopes,
                       LocalDate validFrom, LocalDate validUntil, String channel) {}

  /** The platform's answer to a filing: its authorization id and status (有效 VALID). */
  public record Filed(String authorizationId, String status) {}

  /** Whether an authorization covers a scope now, and until when. */
  public record Verified(boolean valid, LocalDate validUntil) {}

  /** One authorization on the platform; {@code consentId} is the filing center's own reference. */
  public record Authorization(String authorizationId, String consentId, String purpose, List<String> scopes,
                              LocalDate validFrom, LocalDate validUntil, String status) {}

  public record AuthorizationPage(int page, int size, int total, List<Authorization> items) {}

  private final SourceHttp http;

  public NationalAuthorizationClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalAuthorizationClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  /** Files the authorization; filing the same consent again answers the same authorization (the platform's key). */
  public Future<Filed> request(Filing filing) {
    return http.ask(REQUEST, query(filing), a -> new Filed(a.text("authorizationId"), a.text("status")));
  }

  /** The filing as sent, for the evidence record. */
  public static JsonObject query(Filing filing) {
    return person(filing.idNumber()).put("consentId", filing.consentId())
        .put("purpose", filing.purpose()).put("scopes", new JsonArray(filing.scopes()))
        .put("validFrom", filing.validFrom().toString()).put("validUntil", filing.validUntil().toString())
        .put("channel", filing.channel());
  }

  public Future<Verified> verify(String authorizationId, String idNumber, String scope) {
    return http.ask(VERIFICATION, person(idNumber).put("authorizationId", authorizationId).put("scope", scope),
        a -> new Verified(a.flag("valid"), a.optDate("validUntil")));
  }

  /** One page (from 1) of the person's authorizations, newest first. */
  public Future<AuthorizationPage> list(String idNumber, int page, int size) {
    if (page < 1 || size < 1 || size > MAX_LIST_PAGE) {
      throw new IllegalArgumentException("page from 1, size 1.." + MAX_LIST_PAGE);
    }
    return http.ask(LIST, person(idNumber).put("page", page).put("size", size), a -> new AuthorizationPage(
        a.count("page"), a.count("size"), a.count("total"), a.list("items").stream().map(i -> new Authorization(
            i.text("authorizationId"), i.optText("consentId"), i.text("purpose"), i.texts("scopes"),
            i.date("validFrom"), i.date("validUntil"), i.text("status"))).toList()));
  }

  /**
   * The synthetic probe of one of {@link #QUERIES}, for the reserved probe identity: a filing for it is answered
   * and kept by no one (it is nobody), a verification of an unknown id answers "not valid", its list is empty.
   */
  public Future<Void> probe(String dependency) {
    SourceQuery query = SourceQuery.find(QUERIES, dependency);
    JsonObject body = person(SourceHttp.PROBE_ID_NUMBER).put("probe", true);
    if (query == VERIFICATION) {
      body.put("authorizationId", "PROBE").put("scope", "national.population");
    } else if (query == LIST) {
      body.put("page", 1).put("size", 1);
    }
    return http.probe(query, body);
  }
}
