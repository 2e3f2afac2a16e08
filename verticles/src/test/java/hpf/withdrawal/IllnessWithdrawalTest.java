package hpf.withdrawal;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.Money;
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
 * Serious illness of the member or family (09) over HTTP: at the counter only, at most the medical expenses and
 * within the yearly cap (withdrawal.illness.yearly_cap, 100000.00 as seeded) counted over the calendar year; the
 * household register and the marriage record confirm the family; without a register, or with the e-licence
 * platform down, staff review it.
 */
@ExtendWith(VertxExtension.class)
class IllnessWithdrawalTest {

  private static final String REGISTER = "elicense.household_register";
  private static final String[] SOURCES = {REGISTER, "collab.marriage"};

  private WithdrawalDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new WithdrawalDesk(vertx);
  }

  private static JsonObject illness(String amount, String patient, String expenses) {
    return new JsonObject().put("reason", "09").put("amount", amount)
        .put("illness", new JsonObject().put("patient", patient).put("expenses", expenses));
  }

  @Test
  void anIllnessIsPaidWithinTheExpensesAndTheYearlyCap(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String idNumber = WithdrawalDesk.idNumber(1, 0);
    String personId = desk.member(idNumber);
    WithdrawalDesk.credit(personId, Money.parse("120000.00"));

    String own = desk.memberToken(personId, idNumber);
    assertThat(code(desk.applyOwn(own, personId, illness("100.00", "SELF", "1000.00"))))
        .isEqualTo("WITHDRAWAL_COUNTER_ONLY");
    JsonObject withoutDetails = illness("100.00", "SELF", "1000.00");
    withoutDetails.remove("illness");
    assertThat(code(desk.apply(personId, withoutDetails))).isEqualTo("WITHDRAWAL_DETAILS_REQUIRED");
    assertThat(code(desk.apply(personId, new JsonObject().put("reason", "07").put("amount", "100.00")
        .put("illness", new JsonObject().put("patient", "SELF").put("expenses", "100.00")))))
        .isEqualTo("WITHDRAWAL_DETAILS_REQUIRED");
    HttpResponse<Buffer> beyondExpenses = desk.apply(personId, illness("5000.01", "SPOUSE", "5000.00"));
    assertThat(code(beyondExpenses)).isEqualTo("ILLNESS_EXPENSES_EXCEEDED");
    contract.conforms("applyWithdrawal", beyondExpenses);
    assertThat(code(desk.apply(personId, illness("100000.01", "SELF", "200000.00"))))
        .isEqualTo("ILLNESS_YEARLY_CAP_EXCEEDED");
    assertThat(code(desk.apply(personId, illness("60000.00", "SPOUSE", "80000.00")))).isEqualTo("CONSENT_REQUIRED");
    desk.consent(personId, "WITHDRAWAL_ILLNESS", SOURCES);

    // The household register is on the platform (a living person): approved at once.
    HttpResponse<Buffer> applied = desk.apply(personId, illness("60000.00", "SPOUSE", "80000.00"));
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject approved = applied.bodyAsJsonObject();
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(WithdrawalDesk.check(approved, REGISTER).getString("outcome")).isEqualTo("PASSED");
    assertThat(approved.getJsonObject("details").getString("patient")).isEqualTo("SPOUSE");
    assertThat(approved.getJsonObject("details").getString("expenses")).isEqualTo("80000.00");
    assertThat(approved.getJsonArray("requiredMaterials").getList()).contains("医疗费用票据");
    assertThat(desk.balance(personId)).isEqualTo("61200.00");
    WithdrawalDesk.assertBooksReconcile();

    // Paid: this year's 60000.00 counts against the yearly cap.
    WithdrawalDesk.paid(approved.getString("applicationId"));
    assertThat(code(desk.apply(personId, illness("40000.01", "SELF", "50000.00")))).isEqualTo("ILLNESS_YEARLY_CAP_EXCEEDED");
    JsonObject rest = desk.apply(personId, illness("40000.00", "SELF", "50000.00")).bodyAsJsonObject();
    assertThat(rest.getString("status")).isEqualTo("APPROVED");
    assertThat(desk.balance(personId)).isEqualTo("21200.00");
    WithdrawalDesk.assertBooksReconcile();
  }

  @Test
  void withoutAHouseholdRegisterOrWithThePlatformDownStaffReview() throws Exception {
    // b = 9: the sandbox has no household register for this number; the reviewer refuses.
    String unregistered = desk.member(WithdrawalDesk.idNumber(1, 9));
    desk.consent(unregistered, "WITHDRAWAL_ILLNESS", SOURCES);
    JsonObject none = desk.apply(unregistered, illness("500.00", "PARENT", "3000.00")).bodyAsJsonObject();
    assertThat(none.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(none, REGISTER).getString("outcome")).isEqualTo("FAILED");
    assertThat(desk.reject(none.getString("applicationId"), "无法确认家庭成员关系").getString("status"))
        .isEqualTo("REJECTED");
    assertThat(desk.balance(unregistered)).isEqualTo("1200.00");

    String personId = desk.member(WithdrawalDesk.idNumber(2, 1));
    desk.consent(personId, "WITHDRAWAL_ILLNESS", SOURCES);
    desk.fault(REGISTER, WithdrawalDesk.DOWN);
    JsonObject reviewed;
    try {
      HttpResponse<Buffer> applied = desk.apply(personId, illness("800.00", "CHILD", "2000.00"));
      assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
      reviewed = applied.bodyAsJsonObject();
    } finally {
      desk.restore(REGISTER);
    }
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(reviewed, REGISTER).getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(WithdrawalDesk.check(reviewed, "collab.marriage").getString("outcome")).isEqualTo("PASSED");
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
    JsonObject approved = desk.approveTwice(reviewed.getString("applicationId"));
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(desk.balance(personId)).isEqualTo("400.00");
    WithdrawalDesk.assertBooksReconcile();
  }
}
