package hpf.sandbox;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The newcomer's helper signs as a demo app and gets real answers from the running platform. */
class DemoClientTest {

  private static String run(int expectedExit, String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = DemoClient.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isEqualTo(expectedExit);
    return out;
  }

  @Test
  void callsThePublicListenerAsEachKindOfDemoApp() {
    String base = "http://127.0.0.1:" + TestPlatform.port(Zone.PUBLIC);
    assertThat(run(0, "--base", base, "GET", "/v1/service-items/TQ03")).startsWith("HTTP 200").contains("租房提取住房公积金");
    assertThat(run(0, "--app", "demo-counter", "--base", base, "GET", "/v1/service-items?category=LOAN&size=1"))
        .startsWith("HTTP 200").contains("\"total\":11");
    assertThat(run(1, "--base", base, "GET", "/v1/service-items/ZZ99")).startsWith("HTTP 404")
        .contains("SERVICE_ITEM_NOT_FOUND");
  }

  @Test
  void logsInAsDemoSubjectsBeforeCalling() {
    String base = "http://127.0.0.1:" + TestPlatform.port(Zone.PUBLIC);
    String sandbox = "http://127.0.0.1:" + TestPlatform.app().sandboxPort();
    assertThat(run(0, "--as", "member:P00000001", "--base", base, "--sandbox", sandbox, "GET", "/v1/members/P00000001"))
        .startsWith("HTTP 200").contains("350102********1238");
    assertThat(run(0, "--as", "staff:counter.li", "--base", base, "--sandbox", sandbox, "GET", "/v1/employers/E00000001"))
        .startsWith("HTTP 200").contains("厦门示例科技有限公司");
    assertThat(run(1, "--as", "member:P00000001", "--base", base, "--sandbox", sandbox, "GET", "/v1/members/P00000003"))
        .startsWith("HTTP 404");
  }

  @Test
  void callsTheAdminListenerAsADemoOperatorWithItsKeptSession() throws Exception {
    String base = "http://127.0.0.1:" + TestPlatform.port(Zone.ADMIN);
    // The session the shared platform's tests already hold stands in for the one an earlier call kept: a one-time
    // code is accepted once, and the tests' own sign-ins of ops.auditor must keep theirs.
    java.nio.file.Path kept = new DemoOperatorCall(java.net.http.HttpClient.newHttpClient(), base, "ops.auditor")
        .tokenFile();
    java.nio.file.Files.deleteIfExists(kept);
    java.nio.file.Files.writeString(kept, TestOperators.authorization(TestOperators.AUDITOR).substring("Bearer ".length()));
    try {
      assertThat(run(0, "--as", "operator:ops.auditor", "--base", base, "GET", "/v1/audit-log?size=1"))
          .startsWith("HTTP 200").contains("\"items\"");
      assertThat(run(1, "--as", "operator:ops.auditor", "--base", base, "PUT", "/v1/loggers/hpf",
          "{\"level\":\"DEBUG\"}")).startsWith("HTTP 403").contains("OPERATOR_FORBIDDEN");
    } finally {
      java.nio.file.Files.deleteIfExists(kept);
    }
    assertThat(run(2, "--as", "operator:nobody", "--base", base, "GET", "/v1/audit-log"))
        .contains("--as operator: one of [ops.system, ops.security, ops.auditor]");
  }

  @Test
  void explainsItsUsage() {
    assertThat(run(2, "GET")).contains("usage: java -jar hpf.jar call").contains("demo-kiosk (KIOSK, SM2)");
    assertThat(run(2, "--app", "nobody", "GET", "/")).contains("no demo app nobody");
  }
}
