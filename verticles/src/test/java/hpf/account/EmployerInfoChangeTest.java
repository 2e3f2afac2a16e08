package hpf.account;

import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
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
 * 单位信息变更 over HTTP: the employer itself changes its contact details online, the name and legal representative
 * only at the counter; the phone is encrypted at rest and masked everywhere; every field change is history; a
 * refusal or a replay changes nothing; a closed employer changes nothing.
 */
@ExtendWith(VertxExtension.class)
class EmployerInfoChangeTest {

  @Test
  void theEmployerChangesItsContactsOnlineAndTheCounterItsNameWithHistory(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    String employerId = f.openEmployer("信息变更测试有限公司", "0.12", "0.12");
    String info = "/v1/employers/" + employerId + "/info";
    String changes = "/v1/employers/" + employerId + "/info-changes";
    HttpResponse<Buffer> blank = f.get(info);
    f.contract.conforms("getEmployerInfo", blank);
    assertThat(blank.bodyAsJsonObject().getString("contactPhone")).isNull();

    // The employer's own session, through the online hall (its agent is a member it added).
    String agentPhone = LifecycleFixture.newPhone();
    JsonObject agent = f.addMember(employerId, new DemoPeople.Person(null, "经办人", TestIdentities.newIdNumber(), agentPhone),
        "6000.00");
    String own = f.employerToken(employerId, agent.getString("personId"), agentPhone);
    String contactPhone = LifecycleFixture.newPhone();
    JsonObject contacts = new JsonObject().put("address", "厦门市思明区展鸿路 82 号").put("postalCode", "361008")
        .put("contactName", "陈经办").put("contactPhone", contactPhone);
    String key = "info-" + UUID.randomUUID();
    HttpResponse<Buffer> changed = f.send(own, "demo-online-hall", changes, contacts, key).await(10, TimeUnit.SECONDS);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("changeEmployerInfo", changed);
    String masked = contactPhone.substring(0, 3) + "****" + contactPhone.substring(7);
    assertThat(changed.bodyAsJsonObject().getString("contactPhone")).isEqualTo(masked);
    assertThat(changed.bodyAsJsonObject().getString("address")).isEqualTo("厦门市思明区展鸿路 82 号");
    // At rest the phone is ciphertext; the history and the audit record hold it masked only.
    assertThat(one("SELECT contact_phone_enc FROM employer WHERE employer_id = $1", employerId)).doesNotContain(contactPhone);
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE employer_id = $1", employerId)).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE new_value = $1 AND employer_id = $2", masked,
        employerId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'changeEmployerInfo' AND target = $1"
        + " AND actor = $2 AND details::text NOT LIKE '%' || $3 || '%'", "employer:" + employerId, employerId,
        contactPhone)).isEqualTo(1);

    // The replay answers the first result and changes nothing.
    HttpResponse<Buffer> replay = f.send(own, "demo-online-hall", changes, contacts, key).await(10, TimeUnit.SECONDS);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(changed.bodyAsJsonObject());
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE employer_id = $1", employerId)).isEqualTo(4);

    // Refusals change nothing: the name online, a bad phone, the same values again, another employer's session.
    HttpResponse<Buffer> rename = f.send(own, "demo-online-hall", changes, new JsonObject().put("name", "改名有限公司"),
        "info-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    assertThat(rename.statusCode()).isEqualTo(403);
    assertThat(code(rename)).isEqualTo("COUNTER_CHANGE_ONLY");
    f.contract.conforms("changeEmployerInfo", rename);
    assertThat(code(f.post(changes, new JsonObject().put("contactPhone", "23800000000")))).isEqualTo("PHONE_INVALID");
    HttpResponse<Buffer> same = f.post(changes, contacts);
    assertThat(code(same)).isEqualTo("INFO_UNCHANGED");
    f.contract.conforms("changeEmployerInfo", same);
    assertThat(f.send(own, "demo-online-hall", "/v1/employers/E00000001/info-changes",
        new JsonObject().put("address", "别家地址"), "info-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(404);
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE employer_id = $1", employerId)).isEqualTo(4);
    assertThat(one("SELECT name FROM employer WHERE employer_id = $1", employerId)).isEqualTo("信息变更测试有限公司");

    // Counter staff change the name (checked by the registry hook, recorded as not verified yet) and the representative.
    HttpResponse<Buffer> renamed = f.post(changes, new JsonObject().put("name", "信息变更测试（厦门）有限公司")
        .put("legalRepresentative", "林法人").put("postalCode", "361008"));
    assertThat(renamed.statusCode()).as(renamed.bodyAsString()).isEqualTo(200);
    assertThat(renamed.bodyAsJsonObject().getString("name")).isEqualTo("信息变更测试（厦门）有限公司");
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE employer_id = $1", employerId)).isEqualTo(6);
    assertThat(count("SELECT count(*) FROM verification_record WHERE subject = $1 AND check_name = 'ENTERPRISE_REGISTRY'"
        + " AND outcome = 'NOT_VERIFIED' AND note LIKE '登记名称为%与申报名称不一致%'", "employer:" + employerId))
        .isEqualTo(2); // the sandbox registry knows this code under another name: opened, flagged for staff

    HttpResponse<Buffer> history = f.get(own, "demo-online-hall", changes);
    f.contract.conforms("listEmployerInfoChanges", history);
    var items = history.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(6);
    assertThat(items.getJsonObject(0).getString("changedBy")).isEqualTo("counter.li");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("field")))
        .containsExactlyInAnyOrder("name", "legalRepresentative", "address", "postalCode", "contactName", "contactPhone");
    assertThat(items.encode()).doesNotContain(contactPhone);

    // Once closed (no normal member left), nothing changes any more.
    f.post("/v1/employers/" + employerId + "/members/" + agent.getString("accountNo") + "/removal", new JsonObject());
    assertThat(f.post("/v1/employers/" + employerId + "/closure", new JsonObject().put("reason", "单位解散"))
        .statusCode()).isEqualTo(200);
    assertThat(code(f.post(changes, new JsonObject().put("address", "新地址路 1 号")))).isEqualTo("EMPLOYER_CLOSED");
    assertThat(count("SELECT count(*) FROM employer_info_change WHERE employer_id = $1", employerId)).isEqualTo(6);
    assertBooksReconcile();
  }
}
