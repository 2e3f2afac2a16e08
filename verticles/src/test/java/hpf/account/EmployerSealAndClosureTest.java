package hpf.account;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
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
 * 封存/启封/注销 over HTTP: the conditions (no normal member, no unpaid list, no running deferral), what a sealed
 * or closed employer can no longer do (members, lists, terms), counter staff only; refusals and replays change
 * nothing; the status history; the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class EmployerSealAndClosureTest {

  private static final JsonObject WHY = new JsonObject().put("reason", "单位停业");

  @Test
  void anEmployerIsSealedOnlyWithoutNormalMembersAndThenTakesNoNewBusinessUntilUnsealed(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("封存测试有限公司", "0.10", "0.10");
    JsonObject member = f.addMember(employerId, "5000.00");
    String base = "/v1/employers/" + employerId;

    HttpResponse<Buffer> withMembers = f.post(base + "/sealing", WHY);
    assertThat(code(withMembers)).isEqualTo("EMPLOYER_HAS_NORMAL_MEMBERS");
    f.contract.conforms("sealEmployer", withMembers);
    String reviewer = f.calls.staffToken("reviewer.zhao");
    assertThat(f.send(reviewer, "demo-counter", base + "/sealing", WHY, "s-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    assertThat(one("SELECT status FROM employer WHERE employer_id = $1", employerId)).isEqualTo("01");
    assertThat(count("SELECT count(*) FROM employer_status_event WHERE employer_id = $1", employerId)).isZero();

    f.post(base + "/members/" + member.getString("accountNo") + "/removal", new JsonObject());
    String key = "s-" + UUID.randomUUID();
    HttpResponse<Buffer> sealed = f.post(base + "/sealing", WHY, key);
    assertThat(sealed.statusCode()).as(sealed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("sealEmployer", sealed);
    assertThat(sealed.bodyAsJsonObject().getString("status")).isEqualTo("05");
    assertThat(code(f.post(base + "/sealing", WHY))).isEqualTo("EMPLOYER_SEALED");

    // Sealed: no member added (nobody registered, no account), no list, no new terms.
    long people = count("SELECT count(*) FROM person");
    HttpResponse<Buffer> add = f.post(base + "/members", LifecycleFixture.memberBody(new hpf.sandbox.DemoPeople.Person(null,
        "新职工", hpf.identity.TestIdentities.newIdNumber(), LifecycleFixture.newPhone()), "5000.00"));
    assertThat(code(add)).isEqualTo("EMPLOYER_SEALED");
    f.contract.conforms("addMember", add);
    assertThat(count("SELECT count(*) FROM person")).isEqualTo(people);
    assertThat(code(f.post(base + "/remittances", new JsonObject().put("month", LifecycleFixture.thisMonth().toString()))))
        .isEqualTo("EMPLOYER_SEALED");
    assertThat(code(f.post(base + "/ratio-changes", new JsonObject().put("employerRatio", "0.05").put("memberRatio", "0.05")
        .put("reason", "降低比例")))).isEqualTo("EMPLOYER_SEALED");
    assertThat(code(f.post(base + "/deferrals", new JsonObject().put("fromMonth", LifecycleFixture.thisMonth().toString())
        .put("toMonth", LifecycleFixture.thisMonth().toString()).put("reason", "困难")))).isEqualTo("EMPLOYER_SEALED");

    HttpResponse<Buffer> unsealed = f.post(base + "/unsealing", new JsonObject().put("reason", "恢复经营"));
    assertThat(unsealed.statusCode()).as(unsealed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("unsealEmployer", unsealed);
    assertThat(unsealed.bodyAsJsonObject().getString("status")).isEqualTo("01");
    HttpResponse<Buffer> notSealed = f.post(base + "/unsealing", new JsonObject().put("reason", "再次启封"));
    assertThat(code(notSealed)).isEqualTo("EMPLOYER_NOT_SEALED");
    f.contract.conforms("unsealEmployer", notSealed);
    // The sealing replayed answers what it answered then and changes nothing now.
    HttpResponse<Buffer> replay = f.post(base + "/sealing", WHY, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject().getString("status")).isEqualTo("05");
    assertThat(one("SELECT status FROM employer WHERE employer_id = $1", employerId)).isEqualTo("01");
    assertThat(f.get(base + "/status-changes").bodyAsJsonObject().getJsonArray("items").stream()
        .map(e -> ((JsonObject) e).getString("event"))).containsExactly("UNSEALED", "SEALED");
    f.addMember(employerId, "5000.00");
    assertBooksReconcile();
  }

  @Test
  void anEmployerIsClosedOnlyWithNothingOutstandingAndThenChangesNothing(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("注销测试有限公司", "0.12", "0.12");
    JsonObject member = f.addMember(employerId, "5000.00");
    String base = "/v1/employers/" + employerId;
    String month = LifecycleFixture.thisMonth().toString();
    f.post(base + "/remittances", new JsonObject().put("month", month));
    f.post(base + "/members/" + member.getString("accountNo") + "/removal", new JsonObject());

    HttpResponse<Buffer> unpaid = f.post(base + "/closure", WHY);
    assertThat(code(unpaid)).isEqualTo("EMPLOYER_HAS_UNPAID_REMITTANCE");
    f.contract.conforms("closeEmployer", unpaid);
    assertThat(one("SELECT status FROM employer WHERE employer_id = $1", employerId)).isEqualTo("01");
    assertThat(f.post(base + "/remittances/" + month + "/payment", new JsonObject().put("amount", "1200.00"))
        .statusCode()).isEqualTo(200);

    HttpResponse<Buffer> closed = f.post(base + "/closure", WHY);
    assertThat(closed.statusCode()).as(closed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("closeEmployer", closed);
    assertThat(closed.bodyAsJsonObject().getString("status")).isEqualTo("04");
    assertThat(code(f.post(base + "/closure", WHY))).isEqualTo("EMPLOYER_CLOSED");
    assertThat(code(f.post(base + "/unsealing", WHY))).isEqualTo("EMPLOYER_CLOSED");
    assertThat(code(f.post(base + "/sealing", WHY))).isEqualTo("EMPLOYER_CLOSED");
    assertThat(code(f.post(base + "/members", LifecycleFixture.memberBody(new hpf.sandbox.DemoPeople.Person(null, "新职工",
        hpf.identity.TestIdentities.newIdNumber(), LifecycleFixture.newPhone()), "5000.00")))).isEqualTo("EMPLOYER_CLOSED");
    assertThat(code(f.post(base + "/remittances", new JsonObject().put("month",
        LifecycleFixture.thisMonth().plusMonths(1).toString())))).isEqualTo("EMPLOYER_CLOSED");
    // The member's sealed account keeps its balance after the closure.
    assertThat(f.get("/v1/members/" + member.getString("personId") + "/account").bodyAsJsonObject().getString("balance"))
        .isEqualTo("1200.00");
    assertThat(count("SELECT count(*) FROM employer_status_event WHERE employer_id = $1 AND event = 'CLOSED'", employerId))
        .isEqualTo(1);
    assertBooksReconcile();
  }

  @Test
  void aRunningDeferralHoldsOffSealingAndClosure(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("缓缴封存测试有限公司", "0.12", "0.12");
    String base = "/v1/employers/" + employerId;
    String month = LifecycleFixture.thisMonth().toString();
    HttpResponse<Buffer> granted = f.post(base + "/deferrals", new JsonObject().put("fromMonth", month).put("toMonth", month)
        .put("reason", "经营困难"));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> seal = f.post(base + "/sealing", WHY);
    assertThat(code(seal)).isEqualTo("DEFERRAL_IN_FORCE");
    f.contract.conforms("sealEmployer", seal);
    assertThat(code(f.post(base + "/closure", WHY))).isEqualTo("DEFERRAL_IN_FORCE");
    assertThat(one("SELECT status FROM employer WHERE employer_id = $1", employerId)).isEqualTo("01");
    f.post(base + "/deferrals/" + granted.bodyAsJsonObject().getLong("deferralId") + "/termination",
        new JsonObject().put("reason", "提前结束"));
    assertThat(f.post(base + "/closure", WHY).statusCode()).isEqualTo(200);
    assertBooksReconcile();
  }
}
