package hpf.account;

import hpf.identity.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.code;
import static hpf.account.LifecycleFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list of 10,000 additions, uploaded and decided with concurrent retries (the same Idempotency-Key, and other keys
 * as a second clerk would send): one list, one decision, and every member added exactly once.
 */
@ExtendWith(VertxExtension.class)
class MemberListVolumeTest {

  private static final String COUNTER = "demo-counter";
  private static final int ROWS = MemberListFile.MAX_ROWS;

  @Test
  void tenThousandRowsApplyOnceUnderConcurrentRetries(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册万人测试有限公司", "0.12", "0.12");
    byte[] file = tenThousandMembers();

    String uploadKey = "ml-" + UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> uploads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      uploads.add(desk.upload(f.counter, COUNTER, employerId, "ADD", "CSV", file, uploadKey));
    }
    Future.join(uploads).await(120, TimeUnit.SECONDS);
    assertThat(uploads).allSatisfy(u -> assertThat(u.result().statusCode()).as(u.result().bodyAsString()).isEqualTo(202));
    String listId = uploads.get(0).result().bodyAsJsonObject().getString("listId");
    assertThat(uploads).allSatisfy(u -> assertThat(u.result().bodyAsJsonObject().getString("listId")).isEqualTo(listId));
    assertThat(count("SELECT count(*) FROM member_list WHERE employer_id = $1", employerId)).isEqualTo(1);

    JsonObject validated = desk.await(f.counter, COUNTER, employerId, listId, "VALIDATED", 600);
    assertThat(validated.getInteger("validRows")).isEqualTo(ROWS);

    // Four retries of one decision and two decisions under other keys, all at once.
    String decisionKey = "ml-" + UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> decisions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      decisions.add(desk.decide(f.counter, COUNTER, employerId, listId, "APPLY_VALID",
          i < 4 ? decisionKey : "ml-" + UUID.randomUUID()));
    }
    Future.join(decisions).await(60, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> answers = decisions.stream().map(Future::result).toList();
    assertThat(answers.stream().filter(a -> a.statusCode() == 202 && a.getHeader("Idempotent-Replayed") == null))
        .hasSize(1);
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode() == 202 || "LIST_ALREADY_DECIDED".equals(code(a)))
        .as(a.bodyAsString()).isTrue());

    JsonObject applied = desk.await(f.counter, COUNTER, employerId, listId, "APPLIED", 900);
    assertThat(applied.getInteger("appliedRows")).isEqualTo(ROWS);
    assertThat(applied.getInteger("refusedRows")).isZero();
    assertThat(count("SELECT count(*) FROM member_account WHERE employer_id = $1", employerId)).isEqualTo(ROWS);
    assertThat(count("SELECT count(DISTINCT person_id) FROM member_account WHERE employer_id = $1", employerId))
        .isEqualTo(ROWS);
    assertThat(count("SELECT count(DISTINCT account_no) FROM member_list_row WHERE list_id = $1 AND outcome = 'APPLIED'",
        listId)).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'addMember' AND details->>'listId' = $1", listId))
        .isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'decideMemberList' AND target = $1",
        "member_list:" + listId)).isEqualTo(1);
    LifecycleFixture.assertBooksReconcile();
  }

  /** 10,000 distinct valid ID numbers of a region no other test uses, born on ten days in 1960s. */
  private static byte[] tenThousandMembers() {
    StringBuilder csv = new StringBuilder("姓名,身份证号码,手机号码,月工资\r\n");
    LocalDate first = LocalDate.of(1960, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
    for (int i = 0; i < ROWS; i++) {
      String first17 = "350799" + first.plusDays(i / 1000).toString().replace("-", "") + String.format("%03d", i % 1000);
      csv.append("职工").append(i).append(',').append(first17).append(Identifiers.idCheckCharacter(first17)).append(',')
          .append(String.format("139%08d", i)).append(",6000.00\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }
}
