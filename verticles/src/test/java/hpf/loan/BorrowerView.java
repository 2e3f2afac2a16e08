package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the borrower sees of a loan in the online hall, over HTTP and checked against the contract: the contract with
 * its schedule and servicing view, the repayments, and the texts the sandbox SMS gateway delivered to them.
 */
final class BorrowerView {

  private final LoanContractDesk cd;
  private final ContractCheck contract;
  private final String token;
  private final String loan;

  BorrowerView(LoanContractDesk cd, ContractCheck contract, String token, String loanPath) {
    this.cd = cd;
    this.contract = contract;
    this.token = token;
    this.loan = loanPath;
  }

  JsonObject contract() throws Exception {
    HttpResponse<Buffer> answer = cd.desk.get(HALL, token, loan);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    contract.conforms("getLoanContract", answer);
    return answer.bodyAsJsonObject();
  }

  JsonObject servicing() throws Exception {
    return contract().getJsonObject("servicing");
  }

  JsonObject lastDeduction() throws Exception {
    return servicing().getJsonObject("lastDeduction");
  }

  JsonArray schedule() throws Exception {
    return contract().getJsonObject("schedule").getJsonArray("rows");
  }

  /** The installment of a period in the schedule in force. */
  Installment installment(int period) throws Exception {
    return Installment.of(schedule().getJsonArray(period - 1));
  }

  /** Newest first. */
  JsonArray repayments() throws Exception {
    HttpResponse<Buffer> answer = cd.desk.get(HALL, token, loan + "/repayments");
    contract.conforms("listLoanRepayments", answer);
    return answer.bodyAsJsonObject().getJsonArray("items");
  }

  List<String> sms(String phone) throws Exception {
    JsonArray items = cd.desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
        .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(i -> ((JsonObject) i).getString("text")).toList();
  }

  /** The index of the first row due after {@code today}. */
  static int firstNotDue(JsonArray rows, LocalDate today) {
    for (int i = 0; i < rows.size(); i++) {
      if (Installment.of(rows.getJsonArray(i)).due().isAfter(today)) {
        return i;
      }
    }
    throw new AssertionError("nothing left to pay");
  }

  /** A row of the borrower's schedule: period, due, principal, interest, payment, outstanding after. */
  record Installment(int period, LocalDate due, BigDecimal principal, BigDecimal interest, BigDecimal payment) {
    static Installment of(JsonArray row) {
      return new Installment(row.getInteger(0), LocalDate.parse(row.getString(1)), new BigDecimal(row.getString(2)),
          new BigDecimal(row.getString(3)), new BigDecimal(row.getString(4)));
    }
  }
}
