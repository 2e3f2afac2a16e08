package hpf.boot;

import hpf.channel.Zone;
import hpf.crypto.Sm2Keys;
import hpf.kit.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A bank registered through the admin API gets a settlement gateway when an instance starts, without configuration. */
@ExtendWith(VertxExtension.class)
class RegisteredBankEndpointsTest {

  @Test
  void anInstanceStartedAfterTheRegistrationSendsToTheRegisteredEndpoint(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    String code = "6" + String.format("%02d", ThreadLocalRandom.current().nextInt(100)); // 6xx: this test's own range
    var registered = client.post(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/partner-banks")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN))
        .putHeader("Idempotency-Key", "bank-" + UUID.randomUUID())
        .sendJsonObject(new JsonObject().put("bankCode", code).put("name", "测试银行").put("protocol", "json")
            .put("endpoint", "http://127.0.0.1:9/bank").put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey())))
        .await(10, TimeUnit.SECONDS);
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);

    Map<String, String> settings = TestPlatform.externalDatabaseOverrides();
    settings.put("HPF_SETTLEMENT_DISPATCH", "true");
    HpfApplication second = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      var dependencies = client.get(second.ports().get(Zone.ADMIN), "127.0.0.1", "/v1/dependencies")
          .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
          .send().await(10, TimeUnit.SECONDS);
      assertThat(dependencies.bodyAsString()).contains("\"bank." + code + "\"");
    } finally {
      second.stop().await(60, TimeUnit.SECONDS);
      // Disabled again: no later instance on this database builds a gateway to this made-up endpoint.
      client.put(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/partner-banks/" + code + "/status")
          .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN))
          .putHeader("Idempotency-Key", "bank-" + UUID.randomUUID())
          .sendJsonObject(new JsonObject().put("status", "DISABLED")).await(10, TimeUnit.SECONDS);
    }
  }
}
