package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The loan traffic of the channel workloads (docs/loans.md, docs/loan-terms.md): the repayment calculator
 * ({@code calculateLoan}: any signed app, no session, nothing stored) with inputs drawn per request, the loan reads
 * (a member's applications and contracts, by the member or by counter staff), and applications entered at the counter
 * for generated members.
 */
final class LoanCalls {

  private LoanCalls() {}

  /** A calculator request: a home of 60–140 m² at 8,000–25,000 yuan/m², a borrower of 25–50, 1–15 years paid in. */
  static String calculation() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long price = (60 + r.nextInt(81)) * (8_000L + r.nextInt(17_001));
    int base = 3_000 + r.nextInt(20_000);
    return "{\"price\":\"" + price + ".00\",\"homeOrdinal\":" + (r.nextInt(10) < 8 ? 1 : 2)
        + ",\"borrower\":{\"balance\":\"" + (base * (2 + r.nextInt(40))) + ".00\",\"contributionBase\":\"" + base
        + ".00\",\"continuousDepositMonths\":" + (12 + r.nextInt(170)) + "},\"age\":" + (25 + r.nextInt(26))
        + ",\"termMonths\":" + 12 * (10 + r.nextInt(21)) + ",\"repaymentMethod\":\"0" + (1 + r.nextInt(2)) + "\"}";
  }

  /** The calculator, asked by the app in the session without a session token; 200 with the ceiling and schedule. */
  static HttpRequestActionBuilder calculate() {
    return http("calculateLoan").post("/v1/loan-calculations").body(StringBody("#{calculation}")).asJson()
        .check(status().is(200));
  }

  /** Draws the calculator's inputs into the session, then asks. */
  static ChainBuilder calculator() {
    return exec(session -> session.set("calculation", calculation()))
        .exec(group("ordinary").on(exec(calculate())));
  }

  /** A member's applications and contracts (200, an empty list for most). */
  static ChainBuilder reads() {
    return exec(group("ordinary").on(exec(http("listMyLoanApplications")
            .get("/v1/members/#{personId}/loan-applications").check(status().is(200)))))
        .exec(group("ordinary").on(exec(http("listMyLoanContracts")
            .get("/v1/members/#{personId}/loan-contracts").check(status().is(200)))));
  }

  /**
   * An application entered at the counter for a generated member. Most are refused before anything is written (no
   * consent to the data sources, an application already open, a ceiling below the amount: 4xx with a business code);
   * a refusal is an answer too: what is measured is that the application is decided within the ordinary target.
   */
  static ChainBuilder application() {
    return exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString())
            .set("loanApplication", applicationBody()))
        .exec(group("ordinary").on(exec(http("applyLoan").post("/v1/members/#{personId}/loan-applications")
            .header("Idempotency-Key", "#{idempotencyKey}").body(StringBody("#{loanApplication}")).asJson()
            .check(status().in(202, 403, 404, 409, 422)))));
  }

  private static String applicationBody() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int area = 60 + r.nextInt(81);
    long price = area * (8_000L + r.nextInt(17_001));
    return "{\"home\":{\"contractNo\":\"WQ-LOAD-" + (100000 + r.nextInt(900000)) + "\",\"price\":\"" + price
        + ".00\",\"area\":\"" + area + ".00\",\"kind\":\"NEW\",\"homeOrdinal\":1},\"amount\":\""
        + (price / 2 / 1000 * 1000) + ".00\",\"termMonths\":" + 12 * (10 + r.nextInt(21))
        + ",\"repaymentMethod\":\"01\","
        + "\"repaymentCard\":{\"bankCode\":\"102\",\"cardNumber\":\"" + card(r) + "\"}}";
  }

  /** A 19-digit card number of bank 102 (BIN 622202) with its Luhn check digit, as the platform checks it. */
  private static String card(ThreadLocalRandom r) {
    String body = "622202" + (100_000_000_000L + r.nextLong(900_000_000_000L));
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int digit = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return body + (10 - sum % 10) % 10;
  }
}
