package hpf.dataset;

import hpf.boot.Database;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.kit.Masking;
import hpf.ledger.Reconciliation;
import hpf.policy.Policies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.YearMonth;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data set generated into the running platform's database is the platform's own data: staff read generated
 * employers and members over HTTP (decrypting their identifiers and cards), and the next month's remittance follows
 * the generated ones and is paid into the generated accounts, with the books reconciled.
 */
@ExtendWith(VertxExtension.class)
class GeneratedDataServedTest {

  private SignedCalls calls;
  private String counter;

  @Test
  void staffServeGeneratedEmployersAndMembersAndTheNextMonthFollows(Vertx vertx) throws Exception {
    Database.Target db = TestPlatform.app().database();
    // No loans: the data set joins the shared test platform's database, whose loan tests count applications.
    DatasetSpec spec = new DatasetSpec(120, 5, 4, YearMonth.of(2026, 10), 31, 0);
    Policies.AsOf policy = new Policies(TestPlatform.app().pool()).asOf(spec.through().atDay(1)).await();
    new DatasetGenerator(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()),
        DatasetGeneratorTest.FIELDS, DatasetGeneratorTest.KEYS, line -> { }).generate(spec, policy, DatasetGenerator.Purpose.COMMAND, "test", true);
    calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);

    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      // The largest employer of the data set (only generated employers are paid through 2026-10).
      String[] largest = DatasetGeneratorTest.rows(conn, """
          SELECT e.employer_id, count(m.*)::text FROM employer e JOIN member_account m
                 ON m.employer_id = e.employer_id AND m.status = '01'
           WHERE e.paid_through = '2026-10' GROUP BY e.employer_id ORDER BY count(m.*) DESC LIMIT 1""").get(0);
      String employerId = largest[0];
      HttpResponse<Buffer> account = get("/v1/employers/" + employerId + "/account");
      assertThat(account.statusCode()).as(account.bodyAsString()).isEqualTo(200);
      contract.conforms("getEmployerAccount", account);
      assertThat(account.bodyAsJsonObject().getLong("normalMembers")).isEqualTo(Long.parseLong(largest[1]));
      assertThat(account.bodyAsJsonObject().getString("paidThrough")).isEqualTo("2026-10");
      HttpResponse<Buffer> members = get("/v1/employers/" + employerId + "/members?size=5");
      contract.conforms("listEmployerMembers", members);
      HttpResponse<Buffer> lists = get("/v1/employers/" + employerId + "/remittances");
      contract.conforms("listRemittances", lists);
      assertThat(lists.bodyAsJsonObject().getJsonArray("items")).hasSize(4);

      // A member with a card: the account, the identifiers and the card decrypt through the platform's own paths.
      String[] member = DatasetGeneratorTest.rows(conn, """
          SELECT m.person_id, b.balance::text, p.id_number_enc, c.card_id::text, c.card_enc
            FROM member_account m JOIN ledger_balance b ON b.account_id = m.ledger_account
            JOIN person p ON p.person_id = m.person_id JOIN bank_card c ON c.person_id = m.person_id
           WHERE m.employer_id = '%s' AND m.status = '01' ORDER BY m.account_no LIMIT 1""".formatted(employerId)).get(0);
      String personId = member[0];
      HttpResponse<Buffer> memberAccount = get("/v1/members/" + personId + "/account");
      contract.conforms("getMemberAccount", memberAccount);
      assertThat(memberAccount.bodyAsJsonObject().getString("balance")).isEqualTo(member[1]);
      HttpResponse<Buffer> profile = get("/v1/members/" + personId);
      contract.conforms("getMemberProfile", profile);
      assertThat(profile.bodyAsJsonObject().getString("idNumber"))
          .isEqualTo(Masking.idNumber(DatasetGeneratorTest.FIELDS.decrypt("person.id_number", personId, member[2])));
      HttpResponse<Buffer> card = get("/v1/members/" + personId + "/bank-card");
      contract.conforms("getBankCard", card);
      assertThat(card.bodyAsJsonObject().getString("cardNumber"))
          .isEqualTo(Masking.bankCard(DatasetGeneratorTest.FIELDS.decrypt("bank_card.number", member[3], member[4])));
      contract.conforms("listMemberAccountEntries", get("/v1/members/" + personId + "/account/entries?size=3"));

      // The employer's next month is the one after the generated months; paying it credits the generated accounts.
      HttpResponse<Buffer> listed = post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", "2026-11"));
      assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
      String total = listed.bodyAsJsonObject().getString("total");
      HttpResponse<Buffer> paid = post("/v1/employers/" + employerId + "/remittances/2026-11/payment",
          new JsonObject().put("amount", total));
      assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
      assertThat(get("/v1/employers/" + employerId + "/account").bodyAsJsonObject().getString("paidThrough"))
          .isEqualTo("2026-11");
      assertThat(hpf.kit.Money.parse(get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance")))
          .isGreaterThan(hpf.kit.Money.parse(member[1]));
    }
    assertThat(new Reconciliation(TestPlatform.app().pool()).run().await(30, TimeUnit.SECONDS).differences()).isEmpty();
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "gen-" + UUID.randomUUID())
        .sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }
}
