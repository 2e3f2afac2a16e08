package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * The human resources and social security bureau (人社): a person's social insurance status and whether they have
 * retired and draw a pension (退休领取养老金), used for retirement closing and member opening.
 */
public final class PensionClient {

  public static final SourceQuery STATUS = new SourceQuery("pension.status", "社保及退休状态查询", "/status/query");
  public static final List<SourceQuery> QUERIES = List.of(STATUS);

  /** Insurance status 参保缴费, 暂停缴费, 终止参保, 未参保; retirement date when retired. */
  public record Status(String insuranceStatus, boolean retired, LocalDate retiredOn, boolean drawsPension) {}

  private final SourceHttp http;

  public PensionClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public PensionClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<Status> status(String idNumber) {
    return http.ask(STATUS, person(idNumber), a -> new Status(a.text("insuranceStatus"), a.flag("retired"),
        a.optDate("retiredOn"), a.flag("drawsPension")));
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
