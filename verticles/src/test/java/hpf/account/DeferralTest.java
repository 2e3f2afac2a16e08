package hpf.account;

import hpf.boot.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.assertBooksReconcile;
import static hpf.account.LifecycleFixture.code;
import static hpf.account.LifecycleFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 缓缴 over HTTP: counter staff grant a period within the rules, the employer shows 03 and gets no list for a
 * deferred month while the deferral runs, the deferred months are known to later steps, an early end restores
 * normal remittance; refusals and a replay change nothing; the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class DeferralTest {

  @Test
  void aDeferralIsGrantedWithinTheRulesShownAs03AndEndedEarly(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("缓缴测试有限公司", "0.12", "0.12");
    f.addMember(employerId, "5000.00");
    String deferrals = "/v1/employers/" + employerId + "/deferrals";
    YearMonth now = LifecycleFixture.thisMonth();
    YearMonth june = LifecycleFixture.thisFundYear().lastMonth();
    JsonObject period = new JsonObject().put("fromMonth", now.toString()).put("toMonth", june.toString())
        .put("reason", "生产经营困难，职代会同意缓缴");

    // Refusals first: each answers its own code and records nothing.
    assertThat(code(f.post(deferrals, period.copy().put("fromMonth", now.minusMonths(1).toString()))))
        .isEqualTo("DEFERRAL_PERIOD_INVALID");
    assertThat(code(f.post(deferrals, period.copy().put("toMonth", now.minusMonths(1).toString()))))
        .isEqualTo("DEFERRAL_PERIOD_INVALID");
    HttpResponse<Buffer> tooLong = f.post(deferrals, period.copy().put("toMonth", june.plusMonths(1).toString()));
    assertThat(code(tooLong)).isEqualTo("DEFERRAL_PERIOD_TOO_LONG");
    f.contract.conforms("grantDeferral", tooLong);
    String reviewer = f.calls.staffToken("reviewer.zhao");
    assertThat(f.send(reviewer, "demo-counter", deferrals, period, "d-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS)
        .statusCode()).isEqualTo(403);
    assertThat(count("SELECT count(*) FROM employer_deferral WHERE employer_id = $1", employerId)).isZero();
    assertThat(count("SELECT count(*) FROM employer_status_event WHERE employer_id = $1", employerId)).isZero();

    String key = "d-" + UUID.randomUUID();
    HttpResponse<Buffer> granted = f.post(deferrals, period, key);
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
    f.contract.conforms("grantDeferral", granted);
    JsonObject deferral = granted.bodyAsJsonObject();
    long months = java.time.temporal.ChronoUnit.MONTHS.between(now, june) + 1;
    assertThat(deferral.getString("state")).isEqualTo("IN_FORCE");
    assertThat(deferral.getLong("months")).isEqualTo(months);
    HttpResponse<Buffer> replay = f.post(deferrals, period, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(deferral);
    assertThat(count("SELECT count(*) FROM employer_deferral WHERE employer_id = $1", employerId)).isEqualTo(1);
    assertThat(code(f.post(deferrals, period.copy().put("fromMonth", june.toString())))).isEqualTo("DEFERRAL_OVERLAPS");

    // While deferred: shown as 03, no list for a deferred month, members may still be added.
    HttpResponse<Buffer> account = f.get("/v1/employers/" + employerId + "/account");
    f.contract.conforms("getEmployerAccount", account);
    assertThat(account.bodyAsJsonObject().getString("status")).isEqualTo("03");
    HttpResponse<Buffer> list = f.post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", now.toString()));
    assertThat(code(list)).isEqualTo("REMITTANCE_MONTH_DEFERRED");
    f.contract.conforms("createRemittance", list);
    assertThat(count("SELECT count(*) FROM remittance WHERE employer_id = $1", employerId)).isZero();
    f.addMember(employerId, "4000.00");
    List<YearMonth> expected = new ArrayList<>();
    for (YearMonth m = now; !m.isAfter(june); m = m.plusMonths(1)) {
      expected.add(m);
    }
    assertThat(Deferrals.deferredMonths(TestPlatform.app().pool(), employerId).await(10, TimeUnit.SECONDS))
        .containsExactlyElementsOf(expected);
    HttpResponse<Buffer> listed = f.get(deferrals);
    f.contract.conforms("listDeferrals", listed);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    // Ended early this month: nothing was deferred after all, and the month is listed as usual.
    String termination = deferrals + "/" + deferral.getLong("deferralId") + "/termination";
    HttpResponse<Buffer> ended = f.post(termination, new JsonObject().put("reason", "经营好转，恢复缴存"));
    assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
    f.contract.conforms("endDeferral", ended);
    assertThat(ended.bodyAsJsonObject().getString("state")).isEqualTo("ENDED_EARLY");
    assertThat(ended.bodyAsJsonObject().getLong("months")).isZero();
    assertThat(code(f.post(termination, new JsonObject().put("reason", "再次结束")))).isEqualTo("DEFERRAL_ALREADY_ENDED");
    HttpResponse<Buffer> unknown = f.post(deferrals + "/999999999/termination", new JsonObject().put("reason", "不存在的"));
    assertThat(code(unknown)).isEqualTo("DEFERRAL_NOT_FOUND");
    f.contract.conforms("endDeferral", unknown);
    assertThat(Deferrals.deferredMonths(TestPlatform.app().pool(), employerId).await(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(f.get("/v1/employers/" + employerId + "/account").bodyAsJsonObject().getString("status")).isEqualTo("01");
    f.remitThisMonth(employerId);

    // A new period can only start after the month just listed; the history shows grant and end.
    assertThat(code(f.post(deferrals, period))).isEqualTo("DEFERRAL_PERIOD_INVALID");
    HttpResponse<Buffer> events = f.get("/v1/employers/" + employerId + "/status-changes");
    f.contract.conforms("listEmployerStatusChanges", events);
    assertThat(events.bodyAsJsonObject().getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("event")))
        .containsExactly("DEFERRAL_ENDED", "DEFERRAL_GRANTED");
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation IN ('grantDeferral', 'endDeferral') AND target = $1",
        "employer:" + employerId)).isEqualTo(2);
    assertBooksReconcile();
  }
}
