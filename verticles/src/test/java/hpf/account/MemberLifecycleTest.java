package hpf.account;

import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
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
 * 启封 and 个人信息变更 over HTTP: a person with a sealed account who joins another employer gets that account back
 * (same account, balance and ledger account, history kept), once even when several employers add the person at
 * once; the member changes its phone itself and the name at the counter, with history; refusals and replays change
 * nothing; the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class MemberLifecycleTest {

  @Test
  void aSealedAccountMovesToTheNewEmployerWithItsBalanceOnce(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = new DemoPeople.Person(null, "启封职工", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    String first = f.openEmployer("原单位有限公司", "0.12", "0.12");
    JsonObject account = f.addMember(first, person, "5000.00");
    String accountNo = account.getString("accountNo");
    assertThat(f.remitThisMonth(first)).isEqualTo("1200.00");
    f.post("/v1/employers/" + first + "/members/" + accountNo + "/removal", new JsonObject());

    String second = f.openEmployer("新单位有限公司", "0.05", "0.05");
    String key = "add-" + UUID.randomUUID();
    HttpResponse<Buffer> joined = f.post("/v1/employers/" + second + "/members", LifecycleFixture.memberBody(person, "6000.00"), key);
    assertThat(joined.statusCode()).as(joined.bodyAsString()).isEqualTo(201);
    f.contract.conforms("addMember", joined);
    JsonObject moved = joined.bodyAsJsonObject();
    assertThat(moved.getString("accountNo")).isEqualTo(accountNo);
    assertThat(moved.getString("employerId")).isEqualTo(second);
    assertThat(moved.getString("status")).isEqualTo("01");
    assertThat(moved.getString("balance")).isEqualTo("1200.00");
    assertThat(moved.getString("monthlyMember")).isEqualTo("300.00");
    assertThat(count("SELECT count(*) FROM member_account WHERE person_id = $1", account.getString("personId"))).isEqualTo(1);
    assertThat(one("SELECT ledger_account FROM member_account WHERE account_no = $1", accountNo)).isEqualTo("MBR:" + accountNo);
    assertThat(count("SELECT count(*) FROM verification_record WHERE subject = $1 AND check_name = 'DEPOSIT_OVERVIEW_AND_PENSION'"
        + " AND outcome = 'NOT_VERIFIED'", "member_account:" + accountNo)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'addMember' AND target = $1"
        + " AND details->>'unsealed' = 'true'", "member_account:" + accountNo)).isEqualTo(1);
    HttpResponse<Buffer> replay = f.post("/v1/employers/" + second + "/members", LifecycleFixture.memberBody(person, "6000.00"), key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(count("SELECT count(*) FROM member_account_event WHERE account_no = $1", accountNo)).isEqualTo(2);

    HttpResponse<Buffer> history = f.get("/v1/members/" + account.getString("personId") + "/account/history");
    f.contract.conforms("listMemberAccountHistory", history);
    JsonObject unsealed = history.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(unsealed.getString("event")).isEqualTo("UNSEALED");
    assertThat(unsealed.getString("businessType")).isEqualTo("04");
    assertThat(unsealed.getString("previousEmployerId")).isEqualTo(first);
    assertThat(unsealed.getString("oldMonthlyMember")).isEqualTo("600.00");
    assertThat(history.bodyAsJsonObject().getJsonArray("items").getJsonObject(1).getString("event")).isEqualTo("SEALED");

    // Sealed again, then six additions by two employers at once: one gets the account, five find it active.
    f.post("/v1/employers/" + second + "/members/" + accountNo + "/removal", new JsonObject());
    List<String> employers = List.of(f.openEmployer("甲单位有限公司", "0.12", "0.12"), f.openEmployer("乙单位有限公司", "0.12", "0.12"));
    List<Future<HttpResponse<Buffer>>> race = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      race.add(f.send(f.counter, "demo-counter", "/v1/employers/" + employers.get(i % 2) + "/members",
          LifecycleFixture.memberBody(person, "7000.00"), "add-" + UUID.randomUUID()));
    }
    Future.join(race).await(30, TimeUnit.SECONDS);
    assertThat(race.stream().filter(r -> r.result().statusCode() == 201)).hasSize(1);
    assertThat(race.stream().filter(r -> r.result().statusCode() != 201))
        .hasSize(5).allSatisfy(r -> assertThat(code(r.result())).isEqualTo("MEMBER_ALREADY_ACTIVE"));
    assertThat(count("SELECT count(*) FROM member_account WHERE person_id = $1 AND status = '01'", account.getString("personId")))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM member_account_event WHERE account_no = $1 AND event = 'UNSEALED'", accountNo))
        .isEqualTo(2);
    assertThat(f.get("/v1/members/" + account.getString("personId") + "/account").bodyAsJsonObject().getString("balance"))
        .isEqualTo("1200.00");
    assertBooksReconcile();
  }

  @Test
  void theMemberChangesItsPhoneItselfAndTheNameAtTheCounterWithHistory(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = new DemoPeople.Person(null, "王小明", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    String employerId = f.openEmployer("个人变更测试有限公司", "0.12", "0.12");
    String personId = f.addMember(employerId, person, "5000.00").getString("personId");
    String changes = "/v1/members/" + personId + "/info-changes";
    String own = f.memberToken(personId, person.idNumber(), person.phone());

    String phone = LifecycleFixture.newPhone();
    String masked = phone.substring(0, 3) + "****" + phone.substring(7);
    String key = "m-" + UUID.randomUUID();
    HttpResponse<Buffer> changed = f.send(own, "demo-online-hall", changes, new JsonObject().put("phone", phone), key)
        .await(10, TimeUnit.SECONDS);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("changeMemberInfo", changed);
    assertThat(changed.bodyAsJsonObject().getString("phone")).isEqualTo(masked);
    assertThat(f.get(own, "demo-online-hall", "/v1/members/" + personId).bodyAsJsonObject().getString("phone")).isEqualTo(masked);
    assertThat(one("SELECT phone_enc FROM person WHERE person_id = $1", personId)).doesNotContain(phone);
    HttpResponse<Buffer> replay = f.send(own, "demo-online-hall", changes, new JsonObject().put("phone", phone), key)
        .await(10, TimeUnit.SECONDS);
    assertThat(replay.bodyAsJsonObject()).isEqualTo(changed.bodyAsJsonObject());

    // Refusals change nothing: the name online, a bad number, the same number, someone else's record.
    HttpResponse<Buffer> rename = f.send(own, "demo-online-hall", changes, new JsonObject().put("name", "王大明"),
        "m-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    assertThat(code(rename)).isEqualTo("COUNTER_CHANGE_ONLY");
    f.contract.conforms("changeMemberInfo", rename);
    assertThat(code(f.post(changes, new JsonObject().put("phone", "12345678901")))).isEqualTo("PHONE_INVALID");
    HttpResponse<Buffer> same = f.post(changes, new JsonObject().put("phone", phone));
    assertThat(code(same)).isEqualTo("INFO_UNCHANGED");
    f.contract.conforms("changeMemberInfo", same);
    assertThat(f.send(own, "demo-online-hall", "/v1/members/P00000002/info-changes", new JsonObject().put("phone", phone),
        "m-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(count("SELECT count(*) FROM member_info_change WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(one("SELECT name FROM person WHERE person_id = $1", personId)).isEqualTo("王小明");

    HttpResponse<Buffer> renamed = f.post(changes, new JsonObject().put("name", "王大明"));
    assertThat(renamed.statusCode()).as(renamed.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> history = f.get(own, "demo-online-hall", changes);
    f.contract.conforms("listMemberInfoChanges", history);
    var items = history.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("field")).isEqualTo("name");
    assertThat(items.getJsonObject(0).getString("changedBy")).isEqualTo("counter.li");
    assertThat(items.getJsonObject(1).getString("newValue")).isEqualTo(masked);
    assertThat(items.getJsonObject(1).getString("changedByKind")).isEqualTo("MEMBER");
    assertThat(items.encode()).doesNotContain(phone).doesNotContain(person.phone());
    assertThat(f.get("/v1/employers/" + employerId + "/members").bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0).getString("name")).isEqualTo("王大明");
    assertBooksReconcile();
  }
}
