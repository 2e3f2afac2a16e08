package hpf.channel;

import hpf.boot.TestPlatform;
import hpf.kit.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate verification needs no signature, so anyone on the internet can send it anything: a number whose
 * plain form is two billion characters, nesting deep enough to overflow a stack, a body of megabytes. Each is refused
 * with a problem, and the platform keeps answering.
 */
@ExtendWith(VertxExtension.class)
class OpenPathBoundsTest {

  private static final String PATH = "/v1/certificates/verification";

  @Test
  void aHugeExponentInAnUnsignedCertificateIsRefusedAndThePlatformStillAnswers(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    // A key id the platform knows, so that the old code went on to canonicalise the content.
    String keyId = client.get(TestPlatform.port(Zone.BANK), "127.0.0.1", "/v1/platform-key").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("keyId");
    for (String number : new String[] {"1e2000000000", "1e100000000", "1E-2000000000", "9".repeat(5000)}) {
      String body = "{\"content\":{\"n\":" + number + "},\"signature\":{\"alg\":\"SM2-SM3\",\"keyId\":\"" + keyId
          + "\",\"userId\":\"1234567812345678\",\"value\":\"AAAA\"}}";
      HttpResponse<Buffer> answer = post(client, body);
      assertThat(answer.statusCode()).as(number.substring(0, Math.min(12, number.length())) + ": " + answer.bodyAsString()).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
      assertThat(answer.bodyAsJsonObject().getString("code")).isIn("CERTIFICATE_MALFORMED", "MALFORMED_REQUEST");
    }
    assertThat(post(client, "{\"content\":{\"n\":1e2000000000},\"signature\":{\"alg\":\"SM2-SM3\",\"keyId\":\"" + keyId
        + "\",\"userId\":\"1234567812345678\",\"value\":\"AAAA\"}}").bodyAsJsonObject().getString("code"))
        .isEqualTo("CERTIFICATE_MALFORMED");
    stillAnswers(client);
  }

  @Test
  void deeplyNestedContentIsRefusedWithoutOverflowingTheStack(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    for (int depth : new int[] {100, 900, 20_000}) {
      String body = "{\"content\":{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "},\"signature\":{\"alg\":\"SM2-SM3\","
          + "\"keyId\":\"platform:1\",\"userId\":\"1234567812345678\",\"value\":\"AAAA\"}}";
      HttpResponse<Buffer> answer = post(client, body);
      assertThat(answer.statusCode()).as(depth + ": " + answer.bodyAsString()).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    }
    stillAnswers(client);
  }

  @Test
  void anOpenPathReadsAtMostASmallBody(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    String padding = "x".repeat(BodyLimits.OPEN_PATH_BODY_BYTES);
    HttpResponse<Buffer> answer = post(client, "{\"content\":{\"p\":\"" + padding + "\"},\"signature\":{}}");
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains(Integer.toString(BodyLimits.OPEN_PATH_BODY_BYTES));
    stillAnswers(client);
  }

  private static HttpResponse<Buffer> post(WebClient client, String body) throws Exception {
    return client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1", PATH).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
  }

  private static void stillAnswers(WebClient client) throws Exception {
    HttpResponse<Buffer> fine = post(client, "{\"content\":{},\"signature\":{\"alg\":\"SM2-SM3\",\"keyId\":\"platform:1\","
        + "\"userId\":\"1234567812345678\",\"value\":\"AAAA\"}}");
    assertThat(fine.statusCode()).as(fine.bodyAsString()).isEqualTo(200);
    assertThat(fine.bodyAsJsonObject().getBoolean("valid")).isFalse();
  }
}
