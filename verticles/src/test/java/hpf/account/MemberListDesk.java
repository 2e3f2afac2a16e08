package hpf.account;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch-list calls the list tests share: files built as an employer would (CSV text, an Excel workbook), the
 * upload as raw bytes, polling a list until its state (with a deadline, never a sleep-and-hope), the decision.
 */
final class MemberListDesk {

  private final LifecycleFixture f;

  MemberListDesk(LifecycleFixture f) {
    this.f = f;
  }

  static byte[] csv(String... lines) {
    return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** An .xlsx with one sheet; a cell given as a Number is a numeric cell, anything else a text cell. */
  static byte[] xlsx(List<List<Object>> rows) throws Exception {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XSSFSheet sheet = book.createSheet("清册");
      for (int r = 0; r < rows.size(); r++) {
        XSSFRow row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          Object value = rows.get(r).get(c);
          if (value instanceof Number number) {
            row.createCell(c).setCellValue(number.doubleValue());
          } else {
            row.createCell(c).setCellValue(String.valueOf(value));
          }
        }
      }
      book.write(out);
      return out.toByteArray();
    }
  }

  Future<HttpResponse<Buffer>> upload(String token, String app, String employerId, String kind, String format,
                                      byte[] file, String key) {
    Buffer body = Buffer.buffer(file);
    return f.calls.request(app, HttpMethod.POST, "/v1/employers/" + employerId + "/member-lists?kind=" + kind
            + "&format=" + format, body, System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/octet-stream")
        .putHeader("Idempotency-Key", key).sendBuffer(body);
  }

  HttpResponse<Buffer> upload(String token, String app, String employerId, String kind, String format, byte[] file)
      throws Exception {
    return upload(token, app, employerId, kind, format, file, "ml-" + UUID.randomUUID()).await(60, TimeUnit.SECONDS);
  }

  Future<HttpResponse<Buffer>> decide(String token, String app, String employerId, String listId, String decision,
                                      String key) {
    return f.send(token, app, "/v1/employers/" + employerId + "/member-lists/" + listId + "/decision",
        new JsonObject().put("decision", decision), key);
  }

  /** Reads the list until it reaches {@code state}; every reading's progress is checked against the one before. */
  JsonObject await(String token, String app, String employerId, String listId, String state, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int processed = 0;
    int applied = 0;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> read = f.get(token, app, "/v1/employers/" + employerId + "/member-lists/" + listId);
      assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
      f.contract.conforms("getMemberList", read);
      JsonObject list = read.bodyAsJsonObject();
      assertThat(list.getInteger("rowsProcessed")).isGreaterThanOrEqualTo(processed)
          .isLessThanOrEqualTo(list.getInteger("rowCount"));
      assertThat(list.getInteger("appliedRows")).isGreaterThanOrEqualTo(applied);
      processed = list.getInteger("rowsProcessed");
      applied = list.getInteger("appliedRows");
      if (state.equals(list.getString("state"))) {
        return list;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("list " + listId + " did not reach " + state + " in " + seconds + " s");
  }

  JsonObject rows(String token, String app, String employerId, String listId, String query) throws Exception {
    HttpResponse<Buffer> read = f.get(token, app, "/v1/employers/" + employerId + "/member-lists/" + listId
        + "/rows" + query);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    f.contract.conforms("listMemberListRows", read);
    return read.bodyAsJsonObject();
  }
}
