package hpf.account;

import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch lists (清册) over HTTP: a CSV addition list uploaded by the employer's agent is checked row by row (format,
 * duplicates, members already active) and its valid rows applied once; an Excel list uploaded at the counter is
 * reported and discarded (nothing applied); a removal list seals the listed members only.
 */
@ExtendWith(VertxExtension.class)
class MemberListsTest {

  private static final String HALL = "demo-online-hall";
  private static final String COUNTER = "demo-counter";

  @Test
  void aCsvListIsReportedRowByRowAndItsValidRowsAreAppliedOnce(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册增员测试有限公司", "0.12", "0.12");
    DemoPeople.Person agent = new DemoPeople.Person(null, "经办人", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    JsonObject agentAccount = f.addMember(employerId, agent, "8000.00");
    String token = f.employerToken(employerId, agentAccount.getString("personId"), agent.phone());
    String first = TestIdentities.newIdNumber();
    String second = TestIdentities.newIdNumber();
    String wrongCheck = first.substring(0, 17) + (first.charAt(17) == '1' ? "2" : "1");
    byte[] file = MemberListDesk.csv("姓名,身份证号码,手机号码,月工资",
        "张一," + first + "," + LifecycleFixture.newPhone() + ",6000.00",
        "张二,\"" + second + "\"," + LifecycleFixture.newPhone() + ",\"5,500.50\"",
        "张三," + wrongCheck + "," + LifecycleFixture.newPhone() + ",6000",
        "张一," + first + "," + LifecycleFixture.newPhone() + ",6000",
        "经办人," + agent.idNumber() + "," + agent.phone() + ",9000",
        "张四," + TestIdentities.newIdNumber() + ",12345,-5",
        "," + TestIdentities.newIdNumber() + "," + LifecycleFixture.newPhone() + ",3000");

    HttpResponse<Buffer> uploaded = desk.upload(token, HALL, employerId, "ADD", "CSV", file);
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(202);
    f.contract.conforms("uploadMemberList", uploaded);
    String listId = uploaded.bodyAsJsonObject().getString("listId");
    assertThat(uploaded.bodyAsJsonObject().getInteger("rowCount")).isEqualTo(7);

    JsonObject validated = desk.await(token, HALL, employerId, listId, "VALIDATED", 60);
    assertThat(validated.getInteger("rowsProcessed")).isEqualTo(7);
    assertThat(validated.getInteger("validRows")).isEqualTo(2);
    assertThat(validated.getInteger("invalidRows")).isEqualTo(5);
    JsonObject report = desk.rows(token, HALL, employerId, listId, "?outcome=INVALID");
    JsonArray items = report.getJsonArray("items");
    assertThat(items).hasSize(5);
    assertThat(codes(items.getJsonObject(0))).containsExactly("idNumber:ID_NUMBER_INVALID");
    assertThat(items.getJsonObject(0).getInteger("rowNo")).isEqualTo(4);
    assertThat(codes(items.getJsonObject(1))).containsExactly("idNumber:ROW_DUPLICATE");
    assertThat(codes(items.getJsonObject(2))).containsExactly("idNumber:MEMBER_ALREADY_ACTIVE");
    assertThat(codes(items.getJsonObject(3))).containsExactly("phone:PHONE_INVALID", "monthlyWage:ROW_WAGE_INVALID");
    assertThat(codes(items.getJsonObject(4))).containsExactly("name:ROW_VALUE_MISSING");
    assertThat(items.getJsonObject(1).getJsonArray("problems").getJsonObject(0).getString("message"))
        .isEqualTo("清册内身份证号码重复");
    assertThat(report.encode()).doesNotContain(first).doesNotContain(agent.idNumber());
    assertThat(report.getLong("total")).isEqualTo(5);
    JsonObject last = desk.rows(token, HALL, employerId, listId, "?outcome=INVALID&page=3&size=2");
    assertThat(last.getJsonArray("items")).hasSize(1);
    assertThat(last.getLong("total")).isEqualTo(5);
    assertThat(desk.rows(token, HALL, employerId, listId, "?page=9&size=2").getLong("total")).isEqualTo(7);

    String key = "ml-" + UUID.randomUUID();
    HttpResponse<Buffer> decided = desk.decide(token, HALL, employerId, listId, "APPLY_VALID", key)
        .await(10, TimeUnit.SECONDS);
    assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(202);
    f.contract.conforms("decideMemberList", decided);
    HttpResponse<Buffer> replay = desk.decide(token, HALL, employerId, listId, "APPLY_VALID", key)
        .await(10, TimeUnit.SECONDS);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    HttpResponse<Buffer> again = desk.decide(token, HALL, employerId, listId, "DISCARD", "ml-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS);
    assertThat(code(again)).isEqualTo("LIST_ALREADY_DECIDED");
    f.contract.conforms("decideMemberList", again);

    JsonObject applied = desk.await(token, HALL, employerId, listId, "APPLIED", 60);
    assertThat(applied.getInteger("appliedRows")).isEqualTo(2);
    assertThat(applied.getInteger("refusedRows")).isZero();
    assertThat(applied.getString("finishedAt")).isNotNull();
    JsonArray done = desk.rows(token, HALL, employerId, listId, "?outcome=APPLIED").getJsonArray("items");
    assertThat(done).hasSize(2).allSatisfy(row -> assertThat(((JsonObject) row).getString("accountNo")).startsWith("A"));
    assertThat(count("SELECT count(*) FROM member_account WHERE employer_id = $1 AND status = '01'", employerId))
        .isEqualTo(3);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'addMember' AND details->>'listId' = $1"
        + " AND actor_kind = 'EMPLOYER'", listId)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation IN ('uploadMemberList', 'decideMemberList')"
        + " AND target = $1", "member_list:" + listId)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM verification_record WHERE subject IN (SELECT 'member_account:' || account_no"
        + " FROM member_list_row WHERE list_id = $1 AND outcome = 'APPLIED')", listId)).isEqualTo(2);
    assertThat(LifecycleFixture.one("SELECT id_number_enc FROM member_list_row WHERE list_id = $1 AND row_no = 2",
        listId)).doesNotContain(first);

    // The same file is not applied twice.
    HttpResponse<Buffer> twice = desk.upload(token, HALL, employerId, "ADD", "CSV", file);
    assertThat(code(twice)).isEqualTo("LIST_ALREADY_UPLOADED");
    f.contract.conforms("uploadMemberList", twice);
    assertBooksReconcile();
  }

  @Test
  void anExcelListUploadedAtTheCounterIsReportedAndDiscardedWithNothingApplied(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册表格测试有限公司", "0.10", "0.10");
    String valid = TestIdentities.newIdNumber();
    byte[] file = MemberListDesk.xlsx(List.of(
        List.of("name", "idNumber", "phone", "monthlyWage"),
        List.of("李一", valid, LifecycleFixture.newPhone(), 7000),
        List.of("李二", Long.parseLong(TestIdentities.newIdNumber().substring(0, 17) + "0"), LifecycleFixture.newPhone(),
            6500.5),
        List.of("李三", TestIdentities.newIdNumber(), LifecycleFixture.newPhone(), "七千")));

    HttpResponse<Buffer> uploaded = desk.upload(f.counter, COUNTER, employerId, "ADD", "XLSX", file);
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(202);
    String listId = uploaded.bodyAsJsonObject().getString("listId");
    JsonObject validated = desk.await(f.counter, COUNTER, employerId, listId, "VALIDATED", 60);
    assertThat(validated.getString("format")).isEqualTo("XLSX");
    assertThat(validated.getInteger("validRows")).isEqualTo(1);
    JsonArray items = desk.rows(f.counter, COUNTER, employerId, listId, "").getJsonArray("items");
    assertThat(items).hasSize(3);
    assertThat(items.getJsonObject(0).getString("outcome")).isEqualTo("VALID");
    // A number typed into a numeric cell loses its last digits in Excel: the check digit no longer matches.
    assertThat(codes(items.getJsonObject(1))).containsExactly("idNumber:ID_NUMBER_INVALID");
    assertThat(codes(items.getJsonObject(2))).containsExactly("monthlyWage:ROW_WAGE_INVALID");

    HttpResponse<Buffer> discarded = desk.decide(f.counter, COUNTER, employerId, listId, "DISCARD",
        "ml-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    assertThat(discarded.statusCode()).as(discarded.bodyAsString()).isEqualTo(200);
    f.contract.conforms("decideMemberList", discarded);
    assertThat(discarded.bodyAsJsonObject().getString("state")).isEqualTo("DISCARDED");
    assertThat(count("SELECT count(*) FROM member_account WHERE employer_id = $1", employerId)).isZero();
    assertThat(code(desk.decide(f.counter, COUNTER, employerId, listId, "APPLY_VALID", "ml-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS))).isEqualTo("LIST_ALREADY_DECIDED");
    assertThat(count("SELECT count(*) FROM member_list_row WHERE list_id = $1 AND outcome IN ('APPLIED', 'REFUSED')",
        listId)).isZero();
    // A discarded file may be uploaded again.
    assertThat(desk.upload(f.counter, COUNTER, employerId, "ADD", "XLSX", file).statusCode()).isEqualTo(202);
  }

  @Test
  void aRemovalListSealsTheListedMembersOnly(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册减员测试有限公司", "0.12", "0.12");
    DemoPeople.Person one = new DemoPeople.Person(null, "王一", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    DemoPeople.Person two = new DemoPeople.Person(null, "王二", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    DemoPeople.Person three = new DemoPeople.Person(null, "王三", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    String oneAccount = f.addMember(employerId, one, "5000.00").getString("accountNo");
    String twoAccount = f.addMember(employerId, two, "5000.00").getString("accountNo");
    String threeAccount = f.addMember(employerId, three, "5000.00").getString("accountNo");
    byte[] file = MemberListDesk.csv("身份证号码,姓名", one.idNumber() + ",王一", two.idNumber() + ",王贰",
        TestIdentities.newIdNumber() + ",路人", three.idNumber() + ",王三");

    HttpResponse<Buffer> uploaded = desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV", file);
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(202);
    String listId = uploaded.bodyAsJsonObject().getString("listId");
    desk.await(f.counter, COUNTER, employerId, listId, "VALIDATED", 60);
    JsonArray invalid = desk.rows(f.counter, COUNTER, employerId, listId, "?outcome=INVALID").getJsonArray("items");
    assertThat(invalid).hasSize(2);
    assertThat(codes(invalid.getJsonObject(0))).containsExactly("name:ROW_NAME_MISMATCH");
    assertThat(codes(invalid.getJsonObject(1))).containsExactly("idNumber:ROW_NOT_A_MEMBER");

    assertThat(desk.decide(f.counter, COUNTER, employerId, listId, "APPLY_VALID", "ml-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    assertThat(desk.await(f.counter, COUNTER, employerId, listId, "APPLIED", 60).getInteger("appliedRows")).isEqualTo(2);
    assertThat(LifecycleFixture.one("SELECT status FROM member_account WHERE account_no = $1", oneAccount)).isEqualTo("02");
    assertThat(LifecycleFixture.one("SELECT status FROM member_account WHERE account_no = $1", twoAccount)).isEqualTo("01");
    assertThat(LifecycleFixture.one("SELECT status FROM member_account WHERE account_no = $1", threeAccount)).isEqualTo("02");
    assertThat(count("SELECT count(*) FROM member_account_event WHERE account_no = ANY($1) AND event = 'SEALED'",
        (Object) new String[] {oneAccount, threeAccount})).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'removeMember' AND details->>'listId' = $1",
        listId)).isEqualTo(2);
    assertBooksReconcile();
  }

  /** A row's problems as field:code. */
  static List<String> codes(JsonObject row) {
    return row.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getString("field") + ":"
        + ((JsonObject) p).getString("code")).toList();
  }
}
