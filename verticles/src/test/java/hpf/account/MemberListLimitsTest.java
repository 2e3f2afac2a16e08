package hpf.account;

import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.code;
import static hpf.account.LifecycleFixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch list upload refuses, as problem+json without internals and with nothing stored: another employer's
 * session, too many rows, a body over the listener's limit, a zip bomb posing as Excel, a file that is not the format
 * it claims, a list without its columns, a sealed employer.
 */
@ExtendWith(VertxExtension.class)
class MemberListLimitsTest {

  private static final String HALL = "demo-online-hall";
  private static final String COUNTER = "demo-counter";

  @Test
  void anotherEmployerAndFilesOverTheLimitsAreRefusedWithNothingStored(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    MemberListDesk desk = new MemberListDesk(f);
    String employerId = f.openEmployer("清册限额测试有限公司", "0.12", "0.12");
    String otherId = f.openEmployer("清册其他单位有限公司", "0.12", "0.12");
    DemoPeople.Person agent = new DemoPeople.Person(null, "他单位经办", TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
    JsonObject agentAccount = f.addMember(otherId, agent, "6000.00");
    String otherToken = f.employerToken(otherId, agentAccount.getString("personId"), agent.phone());
    byte[] good = MemberListDesk.csv("姓名,身份证号码", "某人," + TestIdentities.newIdNumber());

    HttpResponse<Buffer> foreign = desk.upload(otherToken, HALL, employerId, "REMOVE", "CSV", good);
    assertThat(foreign.statusCode()).isEqualTo(404);
    f.contract.conforms("uploadMemberList", foreign);
    String listId = desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV", good).bodyAsJsonObject()
        .getString("listId");
    HttpResponse<Buffer> peek = f.get(otherToken, HALL, "/v1/employers/" + employerId + "/member-lists/" + listId);
    assertThat(peek.statusCode()).isEqualTo(404);
    assertThat(f.get(otherToken, HALL, "/v1/employers/" + otherId + "/member-lists/" + listId).statusCode())
        .isEqualTo(404);
    assertThat(desk.decide(otherToken, HALL, employerId, listId, "APPLY_VALID", "ml-other-" + listId)
        .await(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(404);

    StringBuilder many = new StringBuilder("姓名,身份证号码\n");
    for (int i = 0; i <= MemberListFile.MAX_ROWS; i++) {
      many.append("某,350799196001010001\n");
    }
    refused(f, desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV",
        many.toString().getBytes(StandardCharsets.UTF_8)), 413, "LIST_TOO_MANY_ROWS");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV", new byte[1024 * 1024 + 1]), 413,
        "PAYLOAD_TOO_LARGE");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "ADD", "XLSX", zipBomb()), 422, "LIST_FILE_UNREADABLE");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "REMOVE", "XLSX", good), 422, "LIST_FILE_UNREADABLE");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "ADD", "CSV", good), 422, "LIST_COLUMNS_MISSING");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV", MemberListDesk.csv("姓名,身份证号码")),
        422, "LIST_EMPTY");
    refused(f, desk.upload(f.counter, COUNTER, employerId, "REMOVE", "CSV",
        MemberListDesk.csv("姓名,身份证号码", "\"某人,350799196001010001")), 422, "LIST_FILE_UNREADABLE");
    assertThat(count("SELECT count(*) FROM member_list WHERE employer_id = $1", employerId)).isEqualTo(1);

    // A sealed employer takes no list.
    f.post("/v1/employers/" + otherId + "/members/" + agentAccount.getString("accountNo") + "/removal", new JsonObject());
    HttpResponse<Buffer> sealed = f.post("/v1/employers/" + otherId + "/sealing", new JsonObject().put("reason", "停业整顿"));
    assertThat(sealed.statusCode()).as(sealed.bodyAsString()).isEqualTo(200);
    refused(f, desk.upload(f.counter, COUNTER, otherId, "REMOVE", "CSV", good), 422, "EMPLOYER_SEALED");
  }

  private static void refused(LifecycleFixture f, HttpResponse<Buffer> answer, int status, String code) throws Exception {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(status);
    assertThat(code(answer)).isEqualTo(code);
    assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.bodyAsString()).doesNotContain("Exception").doesNotContain("org.apache").doesNotContain("at hpf.");
    f.contract.conforms("uploadMemberList", answer);
  }

  /** A zip that looks like a workbook and inflates a 64 MiB sheet from about 64 KiB. */
  private static byte[] zipBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
          .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
