package hpf.withdrawal;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.withdrawal.WithdrawalDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A household moved out of the city (11, closing) over HTTP: refused while the employer still has the member, paid
 * in full online once the account is sealed and the city's e-licence platform no longer holds the household
 * register; a register still in the city, or the platform down, sends it to review, never to a failure.
 */
@ExtendWith(VertxExtension.class)
class MovedOutWithdrawalTest {

  private static final String REGISTER = "elicense.household_register";
  private static final String[] SOURCES = {REGISTER, "national.member_account"};
  private static final JsonObject MOVED_OUT = new JsonObject().put("reason", "11");

  private WithdrawalDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new WithdrawalDesk(vertx);
  }

  @Test
  void aMemberWhoseHouseholdLeftTheCityIsPaidOnlineOnceEmploymentEnded(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    // a = 8: the sandbox's e-licence platform holds no household register of this number (moved out).
    String idNumber = WithdrawalDesk.idNumber(8, 0);
    String personId = desk.member(idNumber);
    desk.consent(personId, "WITHDRAWAL_MOVED_OUT", SOURCES);
    HttpResponse<Buffer> employed = desk.apply(personId, MOVED_OUT);
    assertThat(code(employed)).isEqualTo("EMPLOYMENT_NOT_ENDED");
    contract.conforms("applyWithdrawal", employed);

    desk.seal(personId);
    HttpResponse<Buffer> applied = desk.applyOwn(desk.memberToken(personId, idNumber), personId, MOVED_OUT);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject paid = applied.bodyAsJsonObject();
    assertThat(paid.getString("status")).isEqualTo("APPROVED");
    assertThat(paid.getString("amount")).isEqualTo("1200.00");
    assertThat(WithdrawalDesk.check(paid, REGISTER).getString("detail")).contains("户口已迁出");
    assertThat(desk.accountStatus(personId)).isEqualTo("05");
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    WithdrawalDesk.assertBooksReconcile();
  }

  @Test
  void aRegisterStillInTheCityOrThePlatformDownGoesToReview() throws Exception {
    String resident = desk.member(WithdrawalDesk.idNumber(1, 0));
    desk.consent(resident, "WITHDRAWAL_MOVED_OUT", SOURCES);
    desk.seal(resident);
    JsonObject here = desk.apply(resident, MOVED_OUT).bodyAsJsonObject();
    assertThat(here.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(here, REGISTER).getString("outcome")).isEqualTo("FAILED");
    assertThat(desk.reject(here.getString("applicationId"), "户口仍在本市").getString("status")).isEqualTo("REJECTED");
    assertThat(desk.accountStatus(resident)).isEqualTo("02");

    String personId = desk.member(WithdrawalDesk.idNumber(8, 1));
    desk.consent(personId, "WITHDRAWAL_MOVED_OUT", SOURCES);
    desk.seal(personId);
    desk.fault(REGISTER, WithdrawalDesk.DOWN);
    JsonObject reviewed;
    try {
      HttpResponse<Buffer> applied = desk.apply(personId, MOVED_OUT);
      assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
      reviewed = applied.bodyAsJsonObject();
    } finally {
      desk.restore(REGISTER);
    }
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(reviewed, REGISTER).getString("outcome")).isEqualTo("UNAVAILABLE");
    JsonObject approved = desk.approveTwice(reviewed.getString("applicationId"));
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(desk.accountStatus(personId)).isEqualTo("05");
    WithdrawalDesk.assertBooksReconcile();
  }
}
