package hpf.keys;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.cli.RotateCommand;
import hpf.kit.Settings;
import hpf.sandbox.DemoOperators;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation on its own database: data written under key version 1, the platform restarted with version 2
 * current, the rotation command re-encrypts everything while the platform serves, and the data still reads.
 */
@ExtendWith(VertxExtension.class)
class FieldKeyRotationTest {

  private static final String V1 = "1:00112233445566778899aabbccddeeff";
  private static final String V1_AND_V2 = V1 + ",2:ffeeddccbbaa99887766554433221100";

  @Test
  void rotatesEveryEncryptedValueToTheNewVersionWhileServing(Vertx vertx) throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-rotation-");
    Map<String, String> settings = TestPlatform.overrides(dataDir);
    settings.put("HPF_FIELD_KEYS", V1);
    HpfApplication first = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    first.stop().await(60, TimeUnit.SECONDS);

    settings.put("HPF_FIELD_KEYS", V1_AND_V2);
    settings.put("HPF_FIELD_KEY_VERSION", "2");
    HpfApplication app = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      assertThat(count(app, "SELECT count(*) FROM person WHERE id_number_enc LIKE 'v1:%'")).isEqualTo(hpf.sandbox.DemoPeople.PEOPLE.size());

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String adminUrl = "http://127.0.0.1:" + app.ports().get(Zone.ADMIN);
      int exit = RotateCommand.run(new String[] {"--admin", adminUrl}, operator(TestOperators.SECURITY_ADMIN),
          new PrintStream(out, true, StandardCharsets.UTF_8));
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(printed).isZero();
      assertThat(printed).contains("HTTP 202", "finished: every encrypted value is under key version 2");

      assertThat(count(app, "SELECT count(*) FROM person WHERE id_number_enc NOT LIKE 'v2:%' OR phone_enc NOT LIKE 'v2:%'"))
          .isZero();
      assertThat(count(app, "SELECT count(*) FROM channel_app WHERE hmac_secret_enc NOT LIKE 'v2:%'")).isZero();
      assertThat(count(app, "SELECT count(*) FROM operator_account WHERE totp_secret_enc NOT LIKE 'v2:%'")).isZero();
      // The operators' TOTP secrets still decrypt: a system admin signs in (the books check itself may say either).
      ByteArrayOutputStream checked = new ByteArrayOutputStream();
      hpf.cli.ReconcileCommand.run(new String[] {"--admin", adminUrl}, operator(TestOperators.SYSTEM_ADMIN),
          new PrintStream(checked, true, StandardCharsets.UTF_8));
      assertThat(checked.toString(StandardCharsets.UTF_8)).contains("\"balanced\"").doesNotContain("sign-in refused");
      assertThat(count(app, "SELECT count(*) FROM audit_log WHERE operation = 'startFieldKeyRotation'")).isEqualTo(2);

      // Everything still decrypts: an HMAC app's secret, and a member's identifiers for counter staff.
      SignedCalls calls = new SignedCalls(WebClient.create(vertx), app.ports().get(Zone.PUBLIC));
      HttpResponse<Buffer> login = calls.send("demo-counter", HttpMethod.POST, "/v1/sessions",
          new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", "counter.li")
              .put("password", DemoPeople.STAFF_PASSWORD).toBuffer(), System.currentTimeMillis());
      assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> profile = calls.request("demo-counter", HttpMethod.GET, "/v1/members/P00000001", null,
              System.currentTimeMillis())
          .bearerTokenAuthentication(login.bodyAsJsonObject().getString("accessToken")).send().await(10, TimeUnit.SECONDS);
      assertThat(profile.bodyAsJsonObject().getString("idNumber")).isEqualTo("350102********1238");
    } finally {
      app.stop().await(60, TimeUnit.SECONDS);
    }
  }

  private static long count(HpfApplication app, String sql) throws Exception {
    return app.pool().query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /** The environment of a CLI run as the sandbox's demo operator of a role. */
  private static Map<String, String> operator(String role) {
    return Map.of("HPF_OPERATOR_USER", TestOperators.username(role), "HPF_OPERATOR_PASSWORD", DemoOperators.PASSWORD,
        "HPF_OPERATOR_OTP", TestOperators.otp(role));
  }
}
