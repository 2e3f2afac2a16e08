package hpf.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
        .startsWith("HTTP 200").contains("\"total\":8");
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
  void explainsItsUsage() {
    assertThat(run(2, "GET")).contains("usage: java -jar hpf.jar call").contains("demo-kiosk (KIOSK, SM2)");
    assertThat(run(2, "--app", "nobody", "GET", "/")).contains("no demo app nobody");
  }
}
