package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loan room's meters on the management listener: applications by outcome (accepted into review, refused by
 * code) counted once each, and the gauge of applications by state with a series for every state.
 */
@ExtendWith(VertxExtension.class)
class LoanMetricsTest {

  @Test
  void applicationsAreCountedByOutcomeAndGaugedByState(Vertx vertx) throws Exception {
    LoanDesk desk = new LoanDesk(vertx);
    double accepted = value(scrape(desk), "IN_REVIEW");
    double unconsented = value(scrape(desk), "CONSENT_REQUIRED");
    LoanDesk.Member m = desk.member(1, 2);
    desk.post(desk.counter, m.applications(), LoanDesk.application(m, "10000.00", 120));
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    assertThat(desk.post(desk.counter, m.applications(), LoanDesk.application(m, "10000.00", 120)).statusCode())
        .isEqualTo(202);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String metrics = scrape(desk);
    while ((value(metrics, "IN_REVIEW") < accepted + 1 || value(metrics, "CONSENT_REQUIRED") < unconsented + 1)
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      metrics = scrape(desk);
    }
    assertThat(value(metrics, "IN_REVIEW")).isEqualTo(accepted + 1);
    assertThat(value(metrics, "CONSENT_REQUIRED")).isEqualTo(unconsented + 1);
    for (String state : LoanStates.ALL) {
      assertThat(metrics).contains("hpf_loan_applications{state=\"" + state + "\"");
    }
  }

  private static String scrape(LoanDesk desk) throws Exception {
    return desk.client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
  }

  /** The counter's value for the outcome (0 before its first increment). */
  private static double value(String metrics, String outcome) {
    return metrics.lines().filter(l -> l.startsWith("hpf_loan_application_outcomes_total{")
            && l.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0.0);
  }
}
