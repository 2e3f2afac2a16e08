package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.assertBooksReconcile;
import static hpf.account.CounterDesk.code;
import static hpf.account.CounterDesk.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Supplementary payment (补缴) over HTTP against PostgreSQL: each month's amount from the policy in force in that
 * month, a person's month paid once even when lists race, refusals that change nothing, a replay that answers the
 * first list, payment once under concurrency crediting every member in one transaction, cancellation, and the
 * books reconciled after every step.
 */
@ExtendWith(VertxExtension.class)
class SupplementaryPaymentTest {

  @Test
  void pastMonthsAreListedFromThatMonthsPolicyAndPaidOnce(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    YearMonth now = CounterDesk.thisMonth();
    String employerId = desk.openEmployer("补缴测试有限公司");
    // A earns the ceiling of this fund year (29301.00), B 5000.00; this month is remitted for both.
    JsonObject a = desk.addMember(employerId, "29301.00");
    JsonObject b = desk.addMember(employerId, "5000.00");
    desk.remit(employerId, now);
    String supplements = "/v1/employers/" + employerId + "/supplementary-payments";
    String aNo = a.getString("accountNo");
    String bNo = b.getString("accountNo");

    // Refusals, none of which leaves a list or moves money.
    assertThat(code(desk.post(supplements, list(line(aNo, now.plusMonths(1)))))).isEqualTo("SUPPLEMENT_MONTH_NOT_PAST");
    HttpResponse<Buffer> alreadyRemitted = desk.post(supplements, list(line(aNo, YearMonth.of(2026, 7), now)));
    assertThat(code(alreadyRemitted)).isEqualTo("SUPPLEMENT_MONTH_PAID");
    contract.conforms("createSupplementaryPayment", alreadyRemitted);
    // The seeded base limits start on 2026-07-01: June has none to compute from.
    assertThat(code(desk.post(supplements, list(line(aNo, YearMonth.of(2026, 6)))))).isEqualTo("SUPPLEMENT_MONTH_NO_POLICY");
    String otherEmployer = desk.openEmployer("别的单位有限公司");
    String stranger = desk.addMember(otherEmployer, "5000.00").getString("accountNo");
    assertThat(code(desk.post(supplements, list(line(stranger, YearMonth.of(2026, 7)))))).isEqualTo("ACCOUNT_NOT_FOUND");
    HttpResponse<Buffer> twice = desk.post(supplements, list(line(aNo, YearMonth.of(2026, 7), YearMonth.of(2026, 7))));
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(code(twice)).isEqualTo("VALIDATION_FAILED");
    CounterDesk reviewer = new CounterDesk(vertx, "reviewer.zhao");
    assertThat(code(reviewer.post(supplements, list(line(aNo, YearMonth.of(2026, 7)))))).isEqualTo("FORBIDDEN");
    assertThat(count("SELECT count(*) FROM supplement WHERE employer_id = $1", employerId)).isZero();
    assertThat(desk.balance(a.getString("personId"))).isEqualTo("7032.00");
    assertBooksReconcile();

    // Six lists for the same months at once, each with its own key: one is created, five find the months taken.
    // A: 2026-07 and 2026-08 at 29301.00 × 12 % = 3516.12 → 3516 (元位四舍五入) each share; B: 2026-10 → 600 + 600.
    // Total 15264.00.
    JsonObject body = list(line(aNo, YearMonth.of(2026, 7), YearMonth.of(2026, 8)), line(bNo, YearMonth.of(2026, 10)));
    List<String> keys = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      keys.add("s-" + UUID.randomUUID());
      racing.add(desk.send(HttpMethod.POST, supplements, body, keys.get(i)));
    }
    Future.join(racing).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> created = racing.stream().map(Future::result).filter(r -> r.statusCode() == 201).toList();
    assertThat(created).hasSize(1);
    assertThat(racing.stream().map(Future::result).filter(r -> r.statusCode() != 201))
        .hasSize(5).allSatisfy(r -> assertThat(code(r)).isEqualTo("SUPPLEMENT_MONTH_PAID"));
    HttpResponse<Buffer> first = created.get(0);
    contract.conforms("createSupplementaryPayment", first);
    JsonObject supplement = first.bodyAsJsonObject();
    String supplementId = supplement.getString("supplementId");
    assertThat(supplement.getString("status")).isEqualTo("DUE");
    assertThat(supplement.getString("total")).isEqualTo("15264.00");
    assertThat(supplement.getString("reason")).isEqualTo("增员不及时");
    assertThat(supplement.getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("month") + " "
        + ((JsonObject) l).getString("base") + " " + ((JsonObject) l).getString("employerShare") + " "
        + ((JsonObject) l).getString("memberShare")))
        .containsExactlyInAnyOrder("2026-07 29301.00 3516.00 3516.00", "2026-08 29301.00 3516.00 3516.00",
            "2026-10 5000.00 600.00 600.00");
    HttpResponse<Buffer> replay = desk.post(supplements, body, keys.get(racing.indexOf(racing.stream()
        .filter(f -> f.result() == first).findFirst().orElseThrow())));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject().getString("supplementId")).isEqualTo(supplementId);
    assertThat(count("SELECT count(*) FROM supplement WHERE employer_id = $1", employerId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'createSupplementaryPayment' AND target = $1",
        "supplement:" + supplementId)).isEqualTo(1);
    assertBooksReconcile();

    // Payment: the amount must match; four payments at once credit the members once, in one ledger transaction.
    String payment = supplements + "/" + supplementId + "/payment";
    assertThat(code(desk.post(payment, new JsonObject().put("amount", "15264.01")))).isEqualTo("REMITTANCE_AMOUNT_MISMATCH");
    assertThat(desk.balance(a.getString("personId"))).isEqualTo("7032.00");
    List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      payments.add(desk.send(HttpMethod.POST, payment, new JsonObject().put("amount", "15264.00"), "p-" + UUID.randomUUID()));
    }
    Future.join(payments).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> paid = payments.stream().map(Future::result).filter(r -> r.statusCode() == 200).toList();
    assertThat(paid).hasSize(1);
    assertThat(payments.stream().map(Future::result).filter(r -> r.statusCode() != 200))
        .hasSize(3).allSatisfy(r -> assertThat(code(r)).isEqualTo("SUPPLEMENT_ALREADY_PAID"));
    contract.conforms("recordSupplementaryPayment", paid.get(0));
    assertThat(paid.get(0).bodyAsJsonObject().getString("status")).isEqualTo("PAID");
    assertThat(desk.balance(a.getString("personId"))).isEqualTo("21096.00");
    assertThat(desk.balance(b.getString("personId"))).isEqualTo("2400.00");
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE business_ref = $1 AND business_type = '02'",
        "supplement:" + supplementId)).isEqualTo(1);
    assertThat(count("""
        SELECT count(*) FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
         WHERE t.business_ref = $1""", "supplement:" + supplementId)).isEqualTo(3);
    HttpResponse<Buffer> read = desk.get(supplements + "/" + supplementId);
    contract.conforms("getSupplementaryPayment", read);
    assertThat(read.bodyAsJsonObject().getString("paidAt")).isNotNull();
    assertBooksReconcile();

    // Paid months stay paid; a paid list can neither be cancelled nor paid again.
    assertThat(code(desk.post(supplements, list(line(aNo, YearMonth.of(2026, 8)))))).isEqualTo("SUPPLEMENT_MONTH_PAID");
    HttpResponse<Buffer> cancelPaid = desk.post(supplements + "/" + supplementId + "/cancellation", null);
    assertThat(code(cancelPaid)).isEqualTo("SUPPLEMENT_ALREADY_PAID");
    contract.conforms("cancelSupplementaryPayment", cancelPaid);

    // A due list cancelled frees its months; the cancelled list cannot be paid.
    String due = desk.post(supplements, list(line(bNo, YearMonth.of(2026, 9)))).bodyAsJsonObject().getString("supplementId");
    HttpResponse<Buffer> cancelled = desk.post(supplements + "/" + due + "/cancellation", null);
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    contract.conforms("cancelSupplementaryPayment", cancelled);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(code(desk.post(supplements + "/" + due + "/payment", new JsonObject().put("amount", "1200.00"))))
        .isEqualTo("SUPPLEMENT_CANCELLED");
    assertThat(desk.post(supplements, list(line(bNo, YearMonth.of(2026, 9)))).statusCode()).isEqualTo(201);
    assertThat(desk.balance(b.getString("personId"))).isEqualTo("2400.00");
    assertThat(code(desk.get(supplements + "/S999999999"))).isEqualTo("SUPPLEMENT_NOT_FOUND");
    assertBooksReconcile();
  }

  /**
   * Each month's amount follows the policy in force in that month: with last fund year's limits loaded (ceiling
   * 27000.00 from 2025-07-01), June 2026 is computed at 27000.00 and July at this year's 29301.00. The limits are
   * inserted in a transaction that is rolled back afterwards, so the shared policy table stays as seeded.
   */
  @Test
  void eachMonthIsComputedFromThePolicyInForceThatMonth(Vertx vertx) throws Exception {
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String employerId = desk.openEmployer("补缴政策测试有限公司");
    String accountNo = desk.addMember(employerId, "29301.00").getString("accountNo");
    desk.remit(employerId, CounterDesk.thisMonth());
    AtomicReference<JsonObject> listed = new AtomicReference<>();
    Future<Void> rolledBack = TestPlatform.app().pool().withTransaction(conn -> conn.query("""
            INSERT INTO policy_parameter (name, effective_from, value, note, created_by) VALUES
              ('contribution.base.min', '2025-07-01', '1900.00', '2025 年度缴存基数下限', 'supplement-test'),
              ('contribution.base.max', '2025-07-01', '27000.00', '2025 年度缴存基数上限', 'supplement-test')""").execute()
        .compose(v -> new Employers(java.time.Clock.systemUTC()).find(conn, employerId, true))
        .compose(employer -> new Supplements(new Ledger()).create(conn, employer, "增员不及时",
            List.of(new Supplements.Wanted(accountNo, List.of(YearMonth.of(2026, 6), YearMonth.of(2026, 7))))))
        .compose(list -> {
          listed.set(list);
          return Future.failedFuture("roll back");
        }));
    assertThatThrownBy(() -> rolledBack.await(20, TimeUnit.SECONDS)).hasMessageContaining("roll back");
    assertThat(listed.get().getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("month") + " "
        + ((JsonObject) l).getString("base") + " " + ((JsonObject) l).getString("employerShare")))
        .containsExactly("2026-06 27000.00 3240.00", "2026-07 29301.00 3516.00");
    assertThat(listed.get().getString("total")).isEqualTo("13512.00");
    assertThat(count("SELECT count(*) FROM policy_parameter WHERE created_by = $1", "supplement-test")).isZero();
    assertThat(count("SELECT count(*) FROM supplement WHERE employer_id = $1", employerId)).isZero();
    assertBooksReconcile();
  }

  private static JsonObject line(String accountNo, YearMonth... months) {
    JsonArray list = new JsonArray();
    for (YearMonth m : months) {
      list.add(m.toString());
    }
    return new JsonObject().put("accountNo", accountNo).put("months", list);
  }

  private static JsonObject list(JsonObject... lines) {
    return new JsonObject().put("reason", "增员不及时").put("lines", new JsonArray(List.of((Object[]) lines)));
  }
}
