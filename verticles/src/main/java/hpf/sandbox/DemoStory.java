package hpf.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo people's year at the demo employer, told through the public API on the start that generated the demo data
 * set, once the listeners are up: 张三, 李四, 王五 and the loan applicants 赵六, 孙七 and 周八 join
 * 厦门示例科技有限公司, its year of lists is paid, each member binds a card, this month's list waits to be paid, 张三 has a rent withdrawal on its way and a loan application in review,
 * and 李四 a monthly rent agreement.
 * So every member-side call of the README's tour has something to show. Blocking HTTP: run it on a worker. A failure
 * is logged and the platform starts without it, like the demo data set.
 */
public final class DemoStory {

  private static final Logger LOG = LoggerFactory.getLogger(DemoStory.class);
  /** Months of paid lists before this one: the demo employer opened that long before the first start. */
  public static final int PAID_MONTHS = DemoPeople.DEMO_EMPLOYER_MONTHS;

  /** Each demo member's wage and the card it binds (Luhn-valid numbers of the sandbox banks). */
  private record Member(String personId, String monthlyWage, String cardNumber, String bankCode) {}

  private static final List<Member> MEMBERS = List.of(
      new Member("P00000001", "8000.00", "6222021234567890128", "102"),
      new Member("P00000002", "6500.00", "6228480012345678903", "105"),
      new Member("P00000003", "12000.00", "6217000000000001234", "102"),
      new Member("P00000004", "9000.00", "6222021234567890045", "102"),
      new Member("P00000005", "7000.00", "6228480012345678911", "105"),
      new Member("P00000006", "15000.00", "6217000000000002000", "102"));

  /** The data sources a loan application asks about its borrower (the consent must cover each). */
  private static final List<String> LOAN_SOURCES = List.of("national.contract_filing", "collab.marriage",
      "real_estate.certificates", "national.deposit_overview", "national.continuous_deposit", "national.loan_overview",
      "national.loan_count", "national.loan_settled", "pension.status");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String sandbox;

  private DemoStory(String base, String sandbox) {
    this.base = base;
    this.sandbox = sandbox;
  }

  /** Tells the story against the public listener at {@code base}; logs instead of failing. */
  public static Future<Void> tell(Vertx vertx, String base, String sandbox, YearMonth thisMonth) {
    return vertx.executeBlocking(() -> {
      new DemoStory(base, sandbox).run(thisMonth);
      return null;
    }, false).<Void>mapEmpty()
        .onSuccess(v -> LOG.info("demo story told: the README's demo people have accounts, cards and business"))
        .recover(e -> {
          LOG.warn("the demo story was not told: " + e.getMessage());
          return Future.succeededFuture();
        });
  }

  private void run(YearMonth thisMonth) throws IOException, InterruptedException {
    DemoApps.Demo counter = DemoApps.byId("demo-counter");
    String clerk = new DemoLogin(http, counter, base, sandbox).accessToken("staff:counter.li");
    String employer = "/v1/employers/" + DemoPeople.EMPLOYERS.get(0).employerId();
    for (Member m : MEMBERS) {
      DemoPeople.Person p = DemoPeople.person(m.personId());
      send(counter, clerk, "POST", employer + "/members", new JsonObject().put("name", p.name())
          .put("idNumber", p.idNumber()).put("phone", p.phone()).put("monthlyWage", m.monthlyWage()));
    }
    for (YearMonth month = thisMonth.minusMonths(PAID_MONTHS); month.isBefore(thisMonth); month = month.plusMonths(1)) {
      String total = send(counter, clerk, "POST", employer + "/remittances",
          new JsonObject().put("month", month.toString())).getString("total");
      send(counter, clerk, "POST", employer + "/remittances/" + month + "/payment", new JsonObject().put("amount", total));
    }
    // This month's list is made and waits for the employer's money.
    send(counter, clerk, "POST", employer + "/remittances", new JsonObject().put("month", thisMonth.toString()));
    for (Member m : MEMBERS) {
      send(counter, clerk, "PUT", "/v1/members/" + m.personId() + "/bank-card",
          new JsonObject().put("cardNumber", m.cardNumber()).put("bankCode", m.bankCode()));
    }
    DemoApps.Demo mobile = DemoApps.byId("demo-mobile");
    String zhang = new DemoLogin(http, mobile, base, sandbox).accessToken("member:P00000001");
    send(mobile, zhang, "POST", "/v1/members/P00000001/withdrawals",
        new JsonObject().put("reason", "07").put("amount", "1000.00"));
    String li = new DemoLogin(http, mobile, base, sandbox).accessToken("member:P00000002");
    send(mobile, li, "POST", "/v1/members/P00000002/withdrawal-agreements",
        new JsonObject().put("reason", "07").put("monthlyAmount", "800.00"));
    // 张三 consents at the counter to the loan's sources, then applies in the app for a first-home loan (in review).
    send(counter, clerk, "POST", "/v1/members/P00000001/consents", new JsonObject().put("purpose", "LOAN")
        .put("scopes", new JsonArray(LOAN_SOURCES))
        .put("validUntil", Instant.now().plus(Duration.ofDays(180)).toString()));
    send(mobile, zhang, "POST", "/v1/members/P00000001/loan-applications", new JsonObject()
        .put("home", new JsonObject().put("contractNo", "HT011238").put("price", "2680000.00").put("area", "89.50")
            .put("kind", "NEW").put("homeOrdinal", 1))
        .put("amount", "300000.00").put("termMonths", 240).put("repaymentMethod", "01")
        .put("repaymentCard", new JsonObject().put("bankCode", "102").put("cardNumber", "6222021234567890128")));
  }

  private JsonObject send(DemoApps.Demo app, String token, String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(DemoClient.signed(app, method, URI.create(base + path), bytes),
            (name, value) -> true)
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", "demo-story-" + UUID.randomUUID())
        .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
    }
    return new JsonObject(answer.body());
  }
}
