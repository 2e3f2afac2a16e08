package hpf.sandbox.bank;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.crypto.Sm2Keys;
import hpf.kit.Settings;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.sandbox.bank.PartnerBankFixture.payment;
import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox run starts the demo banks with the sandbox: BDC on their own ports, JSON and control on the sandbox's. */
@ExtendWith(VertxExtension.class)
class SandboxBanksOnThePlatformTest {

  @Test
  void theDemoBanksAnswerBothProtocolsWithThePlatformsKey(Vertx vertx) throws Exception {
    HpfApplication app = TestPlatform.app();
    HpfConfig config = HpfConfig.from(Settings.of(TestPlatform.overrides(Files.createTempDirectory("hpf-banks-"))));
    Sm2Keys.Private platformKey = config.security().platformKeys().current();
    int sandbox = app.sandboxPort();
    assertThat(app.sandboxBankPort("102")).isPositive().isNotEqualTo(app.sandboxBankPort("105"));
    assertThat(app.sandboxBankPort("999")).isZero();

    BankLink link = BankLink.of("102", config.banks().centerNode(), config.banks().timeout());
    BankGateway bdc = new BdcClient(vertx, link, new BdcClient.Endpoint("127.0.0.1", app.sandboxBankPort("102"),
        Duration.ofSeconds(2), platformKey), Clock.systemUTC());
    String serial = serial();
    assertThat(bdc.pay(payment("102", serial, "6222080000001", "卫八", "12.00")).await(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.SUCCEEDED);

    BankGateway json = new JsonBankClient(vertx, BankLink.of("105", config.banks().centerNode(), Duration.ofSeconds(5)),
        new JsonBankClient.Endpoint("http://127.0.0.1:" + sandbox + SandboxBank.jsonBasePath("105"), Duration.ofSeconds(2),
            platformKey, PartnerBankFixture.bankKey("105")), Clock.systemUTC());
    assertThat(json.pay(payment("105", serial(), "6217000090001", "蒋九", "3.00")).await(10, TimeUnit.SECONDS)
        .outcome()).isEqualTo(Outcome.SUCCEEDED);

    WebClient web = WebClient.create(vertx);
    JsonObject listed = web.get(sandbox, "127.0.0.1", "/sandbox/banks").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
    assertThat(listed.getJsonArray("items")).hasSize(2);
    JsonObject books = web.get(sandbox, "127.0.0.1", "/sandbox/banks/102/books").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
    assertThat(books.getBoolean("balanced")).isTrue();
    assertThat(books.getJsonObject("bookingsBySerial").getInteger(serial)).isEqualTo(1);
    assertThat(app.sandboxBank()).isNotNull();
  }
}
