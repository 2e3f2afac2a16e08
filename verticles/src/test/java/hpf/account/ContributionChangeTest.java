package hpf.account;

import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.assertBooksReconcile;
import static hpf.account.LifecycleFixture.code;
import static hpf.account.LifecycleFixture.count;
import static hpf.account.LifecycleFixture.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 比例调整 and 基数调整 over HTTP, with amounts worked by hand (base clamped to [2030.00, 29301.00], shares rounded to
 * the yuan half up): every normal member is recomputed in one transaction, the next remittance list uses the new
 * shares, a base is adjusted once a year even under concurrency, refusals and replays change nothing.
 */
@ExtendWith(VertxExtension.class)
class ContributionChangeTest {

  @Test
  void aRatioChangeAndTheYearsBaseAdjustmentRecomputeTheMonthlyShares(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("比例基数测试有限公司", "0.12", "0.12");
    String agentPhone = LifecycleFixture.newPhone();
    JsonObject a = f.addMember(employerId, new DemoPeople.Person(null, "甲", TestIdentities.newIdNumber(), agentPhone),
        "8000.00");
    JsonObject b = f.addMember(employerId, "5000.00");
    JsonObject c = f.addMember(employerId, "3333.33");
    assertThat(c.getString("monthlyEmployer")).isEqualTo("400.00");
    String ratios = "/v1/employers/" + employerId + "/ratio-changes";
    JsonObject lower = new JsonObject().put("employerRatio", "0.08").put("memberRatio", "0.07").put("reason", "经营困难降低比例");

    // Refusals record nothing and leave the shares alone.
    assertThat(code(f.post(ratios, lower.copy().put("employerRatio", "0.13")))).isEqualTo("CONTRIBUTION_RATIO_OUT_OF_RANGE");
    HttpResponse<Buffer> tooLow = f.post(ratios, lower.copy().put("memberRatio", "0.04"));
    assertThat(code(tooLow)).isEqualTo("CONTRIBUTION_RATIO_OUT_OF_RANGE");
    f.contract.conforms("changeContributionRatio", tooLow);
    assertThat(code(f.post(ratios, lower.copy().put("employerRatio", "0.12").put("memberRatio", "0.12"))))
        .isEqualTo("RATIO_UNCHANGED");
    String reviewer = f.calls.staffToken("reviewer.zhao");
    assertThat(f.send(reviewer, "demo-counter", ratios, lower, "r-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS)
        .statusCode()).isEqualTo(403);
    assertThat(count("SELECT count(*) FROM ratio_change WHERE employer_id = $1", employerId)).isZero();
    assertThat(one("SELECT monthly_member FROM member_account WHERE account_no = $1", a.getString("accountNo")))
        .isEqualTo("960.00");

    // The employer itself lowers its ratios online, for the rest of the fund year.
    String own = f.employerToken(employerId, a.getString("personId"), agentPhone);
    String key = "r-" + UUID.randomUUID();
    HttpResponse<Buffer> changed = f.send(own, "demo-online-hall", ratios, lower, key).await(10, TimeUnit.SECONDS);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("changeContributionRatio", changed);
    JsonObject change = changed.bodyAsJsonObject();
    assertThat(change.getInteger("memberCount")).isEqualTo(3);
    assertThat(change.getString("throughMonth")).isEqualTo(LifecycleFixture.thisFundYear().lastMonth().toString());
    // 8000 × 8 % = 640, × 7 % = 560; 5000 → 400, 350; 3333.33 × 8 % = 266.67 → 267, × 7 % = 233.33 → 233.
    assertThat(change.getString("monthlyTotal")).isEqualTo("2450.00");
    assertThat(shares(f, employerId)).containsExactly("640.00/560.00", "400.00/350.00", "267.00/233.00");
    HttpResponse<Buffer> replay = f.send(own, "demo-online-hall", ratios, lower, key).await(10, TimeUnit.SECONDS);
    assertThat(replay.bodyAsJsonObject()).isEqualTo(change);
    assertThat(count("SELECT count(*) FROM ratio_change WHERE employer_id = $1", employerId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM member_account_event WHERE ratio_change_id = $1",
        change.getLong("changeId"))).isEqualTo(3);
    HttpResponse<Buffer> ratioHistory = f.get(ratios);
    f.contract.conforms("listRatioChanges", ratioHistory);
    assertThat(ratioHistory.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("oldEmployerRatio"))
        .isEqualTo("0.1200");

    // The year's bases: 9000 → 720/630; 40000 clamped to 29301 → 2344.08 → 2344, 2051.07 → 2051.
    String bases = "/v1/employers/" + employerId + "/base-adjustments";
    int year = LifecycleFixture.thisFundYear().startYear();
    JsonObject declared = new JsonObject().put("fundYear", year).put("members", new JsonArray()
        .add(line(a, "9000.00")).add(line(b, "40000.00")));
    JsonObject other = f.addMember(f.openEmployer("别家有限公司", "0.05", "0.05"), "3000.00");
    JsonObject d = f.addMember(employerId, "6000.00");
    f.post("/v1/employers/" + employerId + "/members/" + d.getString("accountNo") + "/removal", new JsonObject());
    assertThat(code(f.post(bases, declared.copy().put("fundYear", year - 1)))).isEqualTo("BASE_ADJUSTMENT_YEAR_INVALID");
    assertThat(code(f.post(bases, declared.copy().put("members", new JsonArray().add(line(other, "5000.00"))))))
        .isEqualTo("ACCOUNT_NOT_FOUND");
    assertThat(code(f.post(bases, declared.copy().put("members", new JsonArray().add(line(a, "1.00")).add(line(a, "2.00"))))))
        .isEqualTo("VALIDATION_FAILED");
    HttpResponse<Buffer> sealed = f.post(bases, declared.copy().put("members", new JsonArray().add(line(d, "5000.00"))));
    assertThat(code(sealed)).isEqualTo("MEMBER_NOT_NORMAL");
    f.contract.conforms("adjustContributionBases", sealed);
    assertThat(count("SELECT count(*) FROM base_adjustment WHERE employer_id = $1", employerId)).isZero();

    HttpResponse<Buffer> adjusted = f.post(bases, declared);
    assertThat(adjusted.statusCode()).as(adjusted.bodyAsString()).isEqualTo(200);
    f.contract.conforms("adjustContributionBases", adjusted);
    assertThat(adjusted.bodyAsJsonObject().getString("monthlyTotal")).isEqualTo("5745.00");
    assertThat(adjusted.bodyAsJsonObject().getJsonArray("lines").getJsonObject(1).getString("base")).isEqualTo("29301.00");
    assertThat(shares(f, employerId)).containsExactly("720.00/630.00", "2344.00/2051.00", "267.00/233.00");
    HttpResponse<Buffer> again = f.post(bases, declared.copy().put("members", new JsonArray().add(line(a, "9500.00"))));
    assertThat(code(again)).isEqualTo("BASE_ALREADY_ADJUSTED");
    f.contract.conforms("adjustContributionBases", again);

    // Two submissions for the same member at once: one adjusts (1500 clamped up to 2030 → 162/142), one is refused.
    JsonObject cOnly = new JsonObject().put("fundYear", year).put("members", new JsonArray().add(line(c, "1500.00")));
    List<Future<HttpResponse<Buffer>>> race = List.of(
        f.send(f.counter, "demo-counter", bases, cOnly, "b-" + UUID.randomUUID()),
        f.send(f.counter, "demo-counter", bases, cOnly, "b-" + UUID.randomUUID()));
    Future.join(race).await(30, TimeUnit.SECONDS);
    assertThat(race.stream().map(r -> r.result().statusCode())).containsExactlyInAnyOrder(200, 409);
    assertThat(shares(f, employerId)).containsExactly("720.00/630.00", "2344.00/2051.00", "162.00/142.00");
    assertThat(count("SELECT count(*) FROM base_adjustment WHERE employer_id = $1", employerId)).isEqualTo(2);
    HttpResponse<Buffer> page = f.get(bases + "?fundYear=" + year + "&page=1&size=2");
    f.contract.conforms("listBaseAdjustments", page);
    assertThat(page.bodyAsJsonObject().getLong("total")).isEqualTo(3);
    assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    HttpResponse<Buffer> history = f.get("/v1/members/" + a.getString("personId") + "/account/history");
    f.contract.conforms("listMemberAccountHistory", history);
    assertThat(history.bodyAsJsonObject().getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("event")))
        .containsExactly("BASE_ADJUSTED", "RATIO_CHANGED");

    // The next list is made of the new shares: 1350 + 4395 + 304 = 6049.00.
    assertThat(f.remitThisMonth(employerId)).isEqualTo("6049.00");
    assertBooksReconcile();
  }

  private static JsonObject line(JsonObject account, String wage) {
    return new JsonObject().put("accountNo", account.getString("accountNo")).put("monthlyWage", wage);
  }

  /** employer/member shares of the employer's normal accounts, by account number. */
  private static List<String> shares(LifecycleFixture f, String employerId) throws Exception {
    return f.get("/v1/employers/" + employerId + "/members?size=100").bodyAsJsonObject().getJsonArray("items").stream()
        .map(i -> (JsonObject) i).filter(i -> "01".equals(i.getString("status")))
        .map(i -> i.getString("monthlyEmployer") + "/" + i.getString("monthlyMember")).toList();
  }
}
