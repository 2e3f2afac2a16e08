package hpf.account;

import hpf.boot.TestPlatform;
import hpf.identity.TestIdentities;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list whose worker stopped with its instance (simulated: the list is left as a stopped instance leaves it, with
 * no worker running and no sign of life for minutes) is taken up by the next read and finished, each row once.
 */
@ExtendWith(VertxExtension.class)
class MemberListResumeTest {

  private static final String COUNTER = "demo-counter";

  @Test
  void aListLeftBehindByAStoppedInstanceIsTakenUpWhenReadAndAppliedOnce(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册续办测试有限公司", "0.12", "0.12");
    StringBuilder csv = new StringBuilder("姓名,身份证号码,手机号码,月工资\n");
    for (int i = 0; i < 450; i++) {
      csv.append("续办").append(i).append(',').append(TestIdentities.newIdNumber()).append(',')
          .append(LifecycleFixture.newPhone()).append(",5000\n");
    }
    HttpResponse<Buffer> uploaded = desk.upload(f.counter, COUNTER, employerId, "ADD", "CSV",
        csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(202);
    String listId = uploaded.bodyAsJsonObject().getString("listId");
    int valid = desk.await(f.counter, COUNTER, employerId, listId, "VALIDATED", 120).getInteger("validRows");

    // Checks stopped half way: the rows from 200 on pending again, no worker, last sign of life minutes ago.
    sql("UPDATE member_list_row SET outcome = 'PENDING', problems = '[]' WHERE list_id = $1 AND row_no > 200", listId);
    sql("""
        UPDATE member_list SET state = 'VALIDATING', worked_at = now() - interval '5 minutes',
               rows_processed = (SELECT count(*) FROM member_list_row WHERE list_id = $1 AND outcome <> 'PENDING')
         WHERE list_id = $1""", listId);
    assertThat(desk.await(f.counter, COUNTER, employerId, listId, "VALIDATED", 120).getInteger("validRows"))
        .isEqualTo(valid);

    // Decided, then the instance stopped before its worker applied anything: the list is APPLYING with no worker.
    sql("""
        UPDATE member_list SET state = 'APPLYING', decided_by = 'counter.li', decided_by_kind = 'STAFF',
               decided_channel = 'demo-counter', decided_request = 'resume-test', decided_at = now(),
               worked_at = now() - interval '5 minutes'
         WHERE list_id = $1""", listId);
    JsonObject taken = desk.await(f.counter, COUNTER, employerId, listId, "APPLIED", 120);
    assertThat(taken.getInteger("appliedRows")).isEqualTo(valid);
    assertThat(count("SELECT count(*) FROM member_account WHERE employer_id = $1", employerId)).isEqualTo(valid);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'addMember' AND details->>'listId' = $1", listId))
        .isEqualTo(valid);
  }

  private static void sql(String statement, String listId) throws Exception {
    TestPlatform.app().pool().preparedQuery(statement).execute(Tuple.of(listId)).await(10, TimeUnit.SECONDS);
  }
}
