package hpf.channel;

import hpf.boot.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A request line or header section over the listener's limits is answered as problem+json on every listener. */
class InvalidRequestsTest {

  @Test
  void aTooLongUriIsA414ProblemOnEveryListener() throws Exception {
    for (Zone zone : Zone.values()) {
      String answer = raw(zone, "GET /" + "a".repeat(InvalidRequests.MAX_INITIAL_LINE + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(answer).as(zone.label()).matches("(?s)HTTP/1\\.[01] 414 .*");
      assertProblem(answer, "URI_TOO_LONG");
    }
  }

  @Test
  void tooLargeHeadersAreA431ProblemOnEveryListener() throws Exception {
    for (Zone zone : Zone.values()) {
      String answer = raw(zone, "GET /openapi.yaml HTTP/1.1\r\nHost: x\r\nX-Big: "
          + "b".repeat(InvalidRequests.MAX_HEADER_BYTES + 10) + "\r\n\r\n");
      assertThat(answer).as(zone.label()).matches("(?s)HTTP/1\\.[01] 431 .*");
      assertProblem(answer, "HEADERS_TOO_LARGE");
    }
  }

  private static void assertProblem(String answer, String code) {
    assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
    JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("requestId")).isNotBlank();
  }

  /** Sends bytes as an outsider would and reads until the server closes the connection. */
  private static String raw(Zone zone, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", TestPlatform.port(zone))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        read.write(buffer, 0, n);
      }
      return read.toString(StandardCharsets.UTF_8);
    }
  }
}
