package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/** The funeral and cremation records (殡葬信息) of the civil affairs bureau, used when closing a deceased member. */
public final class FuneralClient {

  public static final SourceQuery CREMATION = new SourceQuery("funeral.cremation", "火化信息查询", "/cremations/query");
  public static final List<SourceQuery> QUERIES = List.of(CREMATION);

  /** A cremation record: date of death, date of cremation and the funeral home. */
  public record Cremation(String certificateNo, LocalDate diedOn, LocalDate crematedOn, String funeralHome) {}

  private final SourceHttp http;

  public FuneralClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public FuneralClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  /** The person's cremation record, or null when there is none. */
  public Future<Cremation> cremation(String idNumber) {
    return http.ask(CREMATION, person(idNumber), a -> !a.flag("found") ? null : new Cremation(a.text("certificateNo"),
        a.date("diedOn"), a.date("crematedOn"), a.text("funeralHome")));
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
