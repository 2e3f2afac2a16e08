package hpf.loan;

import hpf.review.ReviewCase;
import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data source that fails (the sandbox's fault injection: every request answered 503) never fails a loan application
 * nor refuses it: the application is written, the source's check is UNAVAILABLE and its review case opens with the
 * reason, for each source the application asks, and for the co-borrower's deposit too. Faults are cleared and any
 * isolation they caused is lifted after each test, so other tests see the sources again.
 */
@ExtendWith(VertxExtension.class)
class LoanSourceOutagesTest {

  private static final JsonObject DOWN = new JsonObject().put("errorRatio", 1.0).put("errorStatus", 503);

  private LoanDesk desk;
  private String faulted;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new LoanDesk(vertx);
  }

  @AfterEach
  void clear() throws Exception {
    if (faulted != null) {
      desk.fault(faulted, null);
      desk.lift(faulted);
    }
  }

  static Stream<String> borrowerSources() {
    return LoanDesk.BORROWER_SOURCES.stream();
  }

  @ParameterizedTest
  @MethodSource("borrowerSources")
  void aFailingSourceSendsTheApplicationToManualReviewWithTheReason(String source) throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    down(source);
    JsonObject application = applied(m, LoanDesk.application(m, "10000.00", 120));
    JsonObject check = check(application, "BORROWER", source);
    assertThat(check.getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(check.getString("detail")).contains("需人工审核");
    assertThat(check.getValue("evidenceId")).isNull();
    assertThat(application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> !c.getString("source").equals(source)))
        .allSatisfy(c -> assertThat(c.getString("outcome")).isEqualTo("PASSED"));
    ReviewCase review = LoanDesk.reviewCase(application.getString("applicationId"));
    assertThat(review.state()).isEqualTo("IN_REVIEW");
    assertThat(review.history().get(0).reason()).contains("借款人·" + name(source));
  }

  @Test
  void theCoBorrowersDepositUnansweredGoesToManualReviewToo() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    LoanDesk.Member spouse = desk.member(2, 7);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    desk.consent(spouse.personId(), LoanDesk.CO_BORROWER_SOURCES);
    JsonObject body = LoanDesk.application(m, "10000.00", 120).put("coBorrowers", new JsonArray()
        .add(new JsonObject().put("personId", spouse.personId()).put("relation", "SPOUSE")));
    down("national.deposit_overview");
    JsonObject application = applied(m, body);
    assertThat(check(application, "CO_BORROWER", "national.deposit_overview").getString("outcome"))
        .isEqualTo("UNAVAILABLE");
    assertThat(check(application, "CO_BORROWER", "national.continuous_deposit").getString("outcome"))
        .isEqualTo("PASSED");
    assertThat(application.getJsonArray("coBorrowers").getJsonObject(0).getString("personId"))
        .isEqualTo(spouse.personId());
    assertThat(LoanDesk.reviewCase(application.getString("applicationId")).history().get(0).reason())
        .contains("共同借款人·" + name("national.deposit_overview"));
  }

  private void down(String source) throws Exception {
    faulted = source;
    desk.fault(source, DOWN);
  }

  private JsonObject applied(LoanDesk.Member m, JsonObject body) throws Exception {
    HttpResponse<Buffer> applied = desk.post(desk.counter, m.applications(), body);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    assertThat(applied.bodyAsJsonObject().getString("state")).isEqualTo("IN_REVIEW");
    return applied.bodyAsJsonObject();
  }

  private static JsonObject check(JsonObject application, String party, String source) {
    return application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("party").equals(party) && c.getString("source").equals(source))
        .findFirst().orElseThrow();
  }

  private static String name(String source) {
    List<SourceQuery> queries = DataSources.queries();
    return queries.stream().filter(q -> q.dependency().equals(source)).findFirst().orElseThrow().name();
  }
}
