package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.assertBooksReconcile;
import static hpf.account.CounterDesk.code;
import static hpf.account.CounterDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct debit (委托收款) over HTTP against PostgreSQL: no authorisation, no collection; a collection is one COLLECT
 * instruction written with the list's COLLECTING state; meanwhile no other money pays the list; it can be called off
 * while pending; the bank's confirmed collection credits every member once; books reconcile after each step.
 */
@ExtendWith(VertxExtension.class)
class DirectDebitTest {

  @Test
  void aDueListIsCollectedOnceFromTheAuthorisedAccount(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String employerId = desk.openEmployer("委托收款测试有限公司");
    String personId = desk.addMember(employerId, "5000.00").getString("personId");
    YearMonth month = CounterDesk.thisMonth();
    desk.listMonth(employerId, month);
    String list = "/v1/employers/" + employerId + "/remittances/" + month;
    String debit = "/v1/employers/" + employerId + "/direct-debit";

    HttpResponse<Buffer> unauthorised = desk.post(list + "/collection", null);
    assertThat(code(unauthorised)).isEqualTo("DIRECT_DEBIT_NOT_AUTHORIZED");
    contract.conforms("requestRemittanceCollection", unauthorised);
    assertThat(code(desk.get(debit))).isEqualTo("DIRECT_DEBIT_NOT_FOUND");

    JsonObject account = new JsonObject().put("bankCode", "105").put("accountName", "委托收款测试有限公司")
        .put("accountNumber", "35001234567890123456");
    HttpResponse<Buffer> signed = desk.send(HttpMethod.PUT, debit, account, "s-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS);
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(200);
    contract.conforms("setDirectDebitAuthorization", signed);
    assertThat(signed.bodyAsString()).doesNotContain("35001234567890123456");
    contract.conforms("getDirectDebitAuthorization", desk.get(debit));

    HttpResponse<Buffer> collecting = desk.post(list + "/collection", null);
    assertThat(collecting.statusCode()).as(collecting.bodyAsString()).isEqualTo(202);
    contract.conforms("requestRemittanceCollection", collecting);
    assertThat(collecting.bodyAsJsonObject().getString("status")).isEqualTo("COLLECTING");
    String ref = "remittance:" + employerId + ":" + month;
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND direction = 'COLLECT' "
        + "AND status = 'PENDING' AND bus_type = '01' AND amount = 1200.00", ref)).isEqualTo(1);
    // No second way in while the bank collects: neither a payment received nor another collection.
    assertThat(code(desk.post(list + "/payment", new JsonObject().put("amount", "1200.00"))))
        .isEqualTo("REMITTANCE_BEING_COLLECTED");
    assertThat(code(desk.post(list + "/collection", null))).isEqualTo("REMITTANCE_BEING_COLLECTED");
    assertThat(desk.balance(personId)).isEqualTo("0.00");

    // Called off while pending: the instruction is void and the list due again.
    HttpResponse<Buffer> cancelled = desk.post(list + "/collection/cancellation", null);
    contract.conforms("cancelRemittanceCollection", cancelled);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("DUE");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND status = 'CANCELLED'", ref))
        .isEqualTo(1);
    assertThat(code(desk.post(list + "/collection/cancellation", null))).isEqualTo("REMITTANCE_NOT_COLLECTING");

    // Four requests at once: one collection.
    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      racing.add(desk.send(HttpMethod.POST, list + "/collection", null, "r-" + UUID.randomUUID()));
    }
    Future.join(racing).await(30, TimeUnit.SECONDS);
    assertThat(racing.stream().filter(f -> f.result().statusCode() == 202)).hasSize(1);
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND status = 'PENDING'", ref))
        .isEqualTo(1);

    // The bank confirms the collection (the settlement room's call): every member credited once.
    var instruction = TestPlatform.app().pool().preparedQuery(
            "SELECT collection_instruction FROM remittance WHERE employer_id = $1 AND month = $2")
        .execute(Tuple.of(employerId, month.toString())).await(10, TimeUnit.SECONDS).iterator().next().getUUID(0);
    DirectDebits debits = new DirectDebits(new PayeeAccounts(null), java.time.Clock.systemUTC());
    JsonObject paid = TestPlatform.app().pool().withTransaction(conn -> debits.collected(conn, instruction))
        .await(10, TimeUnit.SECONDS);
    assertThat(paid.getString("status")).isEqualTo("PAID");
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
    assertThat(TestPlatform.app().pool().withTransaction(conn -> debits.collected(conn, instruction))
        .map(done -> "PAID AGAIN").recover(e -> Future.succeededFuture(((hpf.kit.ProblemException) e).problem().code()))
        .await(10, TimeUnit.SECONDS)).isEqualTo("REMITTANCE_ALREADY_PAID");
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
    assertBooksReconcile();

    HttpResponse<Buffer> revoked = desk.send(HttpMethod.DELETE, debit, null, "v-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS);
    contract.conforms("revokeDirectDebitAuthorization", revoked);
    assertThat(revoked.bodyAsJsonObject().getBoolean("active")).isFalse();
    assertThat(code(desk.get(debit))).isEqualTo("DIRECT_DEBIT_NOT_FOUND");
  }
}
