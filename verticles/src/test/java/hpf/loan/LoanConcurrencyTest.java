package hpf.loan;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications of one borrower sent together, each with its own key (a member double-tapping in two channels): the
 * sources are asked for each, but one application is written and the others are refused as open; the same request
 * sent together under one key is written once and answered the same to all.
 */
@ExtendWith(VertxExtension.class)
class LoanConcurrencyTest {

  private static final int TOGETHER = 5;

  @Test
  void oneBorrowerGetsOneOpenApplicationWhateverArrivesTogether(Vertx vertx) throws Exception {
    LoanDesk desk = new LoanDesk(vertx);
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    JsonObject body = LoanDesk.application(m, "10000.00", 120);

    List<HttpResponse<Buffer>> distinct = together(desk, m, body, null);
    assertThat(distinct.stream().filter(r -> r.statusCode() == 202)).hasSize(1);
    assertThat(distinct.stream().filter(r -> r.statusCode() != 202))
        .allSatisfy(r -> assertThat(LoanDesk.code(r)).as(r.bodyAsString()).isEqualTo("LOAN_APPLICATION_OPEN"));
    assertThat(count("SELECT count(*) FROM loan_application WHERE person_id = $1", m.personId())).isEqualTo(1);

    LoanDesk.Member other = desk.member(5, 1);
    desk.consent(other.personId(), LoanDesk.BORROWER_SOURCES);
    List<HttpResponse<Buffer>> same = together(desk, other, LoanDesk.application(other, "10000.00", 120),
        "same-" + UUID.randomUUID());
    assertThat(same).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202));
    assertThat(same.stream().map(r -> r.bodyAsJsonObject().getString("applicationId")).distinct()).hasSize(1);
    assertThat(count("SELECT count(*) FROM loan_application WHERE person_id = $1", other.personId())).isEqualTo(1);
  }

  /** The same application sent {@value #TOGETHER} times at once, each with a new key unless {@code key} is given. */
  private static List<HttpResponse<Buffer>> together(LoanDesk desk, LoanDesk.Member m, JsonObject body, String key)
      throws Exception {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < TOGETHER; i++) {
      sent.add(desk.calls.request("demo-counter", HttpMethod.POST, m.applications(), body.toBuffer(),
              System.currentTimeMillis()).bearerTokenAuthentication(desk.counter)
          .putHeader("Idempotency-Key", key != null ? key : "k-" + UUID.randomUUID()).sendBuffer(body.toBuffer()));
    }
    Future.join(sent).await(60, TimeUnit.SECONDS);
    return sent.stream().map(Future::result).toList();
  }
}
