package hpf.account;

import hpf.identity.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.code;
import static hpf.account.CounterDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening an employer asks the enterprise registry (sandbox: position 17 of the code decides cancelled/revoked):
 * a cancelled enterprise is refused and nothing is written; a registered one under its registered name is verified,
 * with the query and answer kept as evidence.
 */
@ExtendWith(VertxExtension.class)
class EmployerRegistryTest {

  @Test
  void aCancelledEnterpriseIsRefusedAndARegisteredOneVerified(Vertx vertx) throws Exception {
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String digits = String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L));
    String cancelled = creditCode("913502" + digits + "MA0");
    assertThat(code(desk.post("/v1/employers", employer(cancelled, "注销测试有限公司")))).isEqualTo("EMPLOYER_NOT_IN_REGISTRY");
    assertThat(count("SELECT count(*) FROM employer WHERE credit_code = $1", cancelled)).isZero();

    String active = creditCode("913502" + digits + "MA5");
    // The sandbox registers an unknown active code as 厦门<digits 13-16>有限公司.
    String registeredName = "厦门" + active.substring(12, 16) + "有限公司";
    var opened = desk.post("/v1/employers", employer(active, registeredName));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    String employerId = opened.bodyAsJsonObject().getString("employerId");
    assertThat(count("SELECT count(*) FROM verification_record WHERE subject = $1 AND check_name = 'ENTERPRISE_REGISTRY'"
        + " AND outcome = 'VERIFIED'", "employer:" + employerId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1", "employer-registry:" + active))
        .isGreaterThanOrEqualTo(1);
  }

  private static String creditCode(String first17) {
    return first17 + Identifiers.creditCheckCharacter(first17);
  }

  private static JsonObject employer(String creditCode, String name) {
    return new JsonObject().put("creditCode", creditCode).put("name", name).put("employerRatio", "0.12")
        .put("memberRatio", "0.12");
  }
}
