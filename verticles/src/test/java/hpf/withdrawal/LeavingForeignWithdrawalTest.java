package hpf.withdrawal;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.withdrawal.WithdrawalDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Foreigners and Hong Kong, Macao and Taiwan residents leaving (10, closing) over HTTP: only for a member whose
 * number is a residence permit (81/82/83) or a foreigner's permanent residence card (9…), once the employer has
 * sealed the account; the exit record is not connected, so staff always review it; the account source down shows
 * as UNAVAILABLE, never as a failure.
 */
@ExtendWith(VertxExtension.class)
class LeavingForeignWithdrawalTest {

  private static final String[] SOURCES = {"immigration.exit_record", "national.member_account"};
  private static final JsonObject LEAVING = new JsonObject().put("reason", "10");

  private WithdrawalDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new WithdrawalDesk(vertx);
  }

  /** A number of the resident card's format under the given six-digit prefix, sandbox digits a = 1, b = 0. */
  private static String number(String prefix) {
    LocalDate birthday = LocalDate.of(1975, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(9_000));
    String first17 = prefix + birthday.toString().replace("-", "") + "10" + ThreadLocalRandom.current().nextInt(10);
    return first17 + Identifiers.idCheckCharacter(first17);
  }

  @Test
  void aHongKongResidentLeavingIsReviewedAndPaidTheWholeBalance(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String resident = desk.member(WithdrawalDesk.idNumber(1, 0));
    desk.seal(resident);
    HttpResponse<Buffer> local = desk.apply(resident, LEAVING);
    assertThat(code(local)).isEqualTo("NOT_FOREIGN_OR_HMT_RESIDENT");
    contract.conforms("applyWithdrawal", local);

    String personId = desk.member(number("810000"));
    assertThat(code(desk.apply(personId, LEAVING.copy().put("amount", "10.00")))).isEqualTo("CLOSING_AMOUNT_NOT_ALLOWED");
    assertThat(code(desk.apply(personId, LEAVING))).isEqualTo("EMPLOYMENT_NOT_ENDED");
    desk.seal(personId);
    assertThat(code(desk.apply(personId, LEAVING))).isEqualTo("CONSENT_REQUIRED");
    desk.consent(personId, "WITHDRAWAL_LEAVING_FOREIGN", SOURCES);
    HttpResponse<Buffer> applied = desk.apply(personId, LEAVING);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject reviewed = applied.bodyAsJsonObject();
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(reviewed, "immigration.exit_record").getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(WithdrawalDesk.check(reviewed, "national.member_account").getString("outcome")).isEqualTo("PASSED");
    assertThat(reviewed.getJsonArray("requiredMaterials").getList()).contains("离境证明");

    JsonObject approved = desk.approveTwice(reviewed.getString("applicationId"));
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(approved.getString("amount")).isEqualTo("1200.00");
    assertThat(desk.accountStatus(personId)).isEqualTo("05");
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    WithdrawalDesk.assertBooksReconcile();
  }

  @Test
  void aForeignerWithTheAccountSourceDownIsReviewedNotFailed() throws Exception {
    String personId = desk.member(number("911156"));
    desk.seal(personId);
    desk.consent(personId, "WITHDRAWAL_LEAVING_FOREIGN", SOURCES);
    desk.fault("national.member_account", WithdrawalDesk.DOWN);
    JsonObject reviewed;
    try {
      HttpResponse<Buffer> applied = desk.apply(personId, LEAVING);
      assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
      reviewed = applied.bodyAsJsonObject();
    } finally {
      desk.restore("national.member_account");
    }
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(reviewed, "national.member_account").getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(desk.reject(reviewed.getString("applicationId"), "未提供离境证明").getString("status")).isEqualTo("REJECTED");
    assertThat(desk.accountStatus(personId)).isEqualTo("02");
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
  }
}
