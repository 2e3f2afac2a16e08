package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Employer opening and member addition through the public listener, with sessions, rules and idempotency. */
@ExtendWith(VertxExtension.class)
class AccountsTest {

  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  private String staffToken(String staffId) throws Exception {
    return calls.staffToken(staffId);
  }

  private HttpResponse<Buffer> write(String app, String token, String uri, JsonObject body, String key) throws Exception {
    return calls.request(app, HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", key).sendBuffer(body.toBuffer())
        .await(10, TimeUnit.SECONDS);
  }

  /** A valid, unused unified social credit code. */
  private static String newCreditCode() {
    String digits = String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
    String first17 = "913502" + digits + "MA3";
    return first17 + Identifiers.creditCheckCharacter(first17);
  }

  /** A valid ID number no test has used. */
  @Test
  void counterStaffOpenAnEmployerOnceAndTheRulesHold() throws Exception {
    String counter = staffToken("counter.li");
    JsonObject employer = new JsonObject().put("creditCode", newCreditCode()).put("name", "测试科技有限公司")
        .put("employerRatio", "0.12").put("memberRatio", "0.10");
    String key = "open-" + UUID.randomUUID();
    HttpResponse<Buffer> opened = write("demo-counter", counter, "/v1/employers", employer, key);
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    contract.conforms("openEmployer", opened);
    assertThat(opened.bodyAsJsonObject().getString("employerId")).matches("E[0-9]{8}");
    HttpResponse<Buffer> replay = write("demo-counter", counter, "/v1/employers", employer, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(opened.bodyAsJsonObject());

    HttpResponse<Buffer> again = write("demo-counter", counter, "/v1/employers", employer, "open-" + UUID.randomUUID());
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("EMPLOYER_ALREADY_OPEN");
    HttpResponse<Buffer> badCode = write("demo-counter", counter, "/v1/employers",
        employer.copy().put("creditCode", "91350100M000100Y44"), "open-" + UUID.randomUUID());
    assertThat(badCode.bodyAsJsonObject().getString("code")).isEqualTo("CREDIT_CODE_INVALID");
    contract.conforms("openEmployer", badCode);
    HttpResponse<Buffer> badRatio = write("demo-counter", counter, "/v1/employers",
        employer.copy().put("creditCode", newCreditCode()).put("memberRatio", "0.13"), "open-" + UUID.randomUUID());
    assertThat(badRatio.bodyAsJsonObject().getString("code")).isEqualTo("CONTRIBUTION_RATIO_OUT_OF_RANGE");
    String reviewer = staffToken("reviewer.zhao");
    assertThat(write("demo-counter", reviewer, "/v1/employers", employer.copy().put("creditCode", newCreditCode()),
        "open-" + UUID.randomUUID()).statusCode()).isEqualTo(403);
  }

  @Test
  void aMemberIsAddedOnceEvenUnderConcurrencyAndSeesTheAccount() throws Exception {
    String counter = staffToken("counter.li");
    JsonObject member = new JsonObject().put("name", "赵六").put("idNumber", TestIdentities.newIdNumber()).put("phone", "13900000006")
        .put("monthlyWage", "8000.00");
    List<Future<HttpResponse<Buffer>>> adds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      adds.add(calls.request("demo-counter", HttpMethod.POST, "/v1/employers/E00000001/members", member.toBuffer(),
              System.currentTimeMillis())
          .bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "add-" + UUID.randomUUID())
          .sendBuffer(member.toBuffer()));
    }
    Future.join(adds).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> answers = adds.stream().map(Future::result).toList();
    assertThat(answers.stream().filter(a -> a.statusCode() == 201)).hasSize(1);
    assertThat(answers.stream().filter(a -> a.statusCode() == 409))
        .hasSize(5).allSatisfy(a -> assertThat(a.bodyAsJsonObject().getString("code")).isEqualTo("MEMBER_ALREADY_ACTIVE"));
    HttpResponse<Buffer> created = answers.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow();
    contract.conforms("addMember", created);
    JsonObject account = created.bodyAsJsonObject();
    // 8000.00 × 12 % = 960.00 (employer), × 12 % = 960.00 (member): the demo employer's ratios.
    assertThat(account.getString("monthlyEmployer")).isEqualTo("960.00");
    assertThat(account.getString("balance")).isEqualTo("0.00");

    HttpResponse<Buffer> seen = calls.request("demo-counter", HttpMethod.GET,
            "/v1/members/" + account.getString("personId") + "/account", null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    assertThat(seen.statusCode()).isEqualTo(200);
    contract.conforms("getMemberAccount", seen);
    assertThat(seen.bodyAsJsonObject().getString("accountNo")).isEqualTo(account.getString("accountNo"));
    assertThat(new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS).balanced()).isTrue();
  }

  @Test
  void aRemovedMemberCanJoinAnotherEmployer() throws Exception {
    String counter = staffToken("counter.li");
    JsonObject member = new JsonObject().put("name", "孙八").put("idNumber", TestIdentities.newIdNumber()).put("phone", "13900000008")
        .put("monthlyWage", "6000.00");
    JsonObject first = write("demo-counter", counter, "/v1/employers/E00000001/members", member, "add-" + UUID.randomUUID())
        .bodyAsJsonObject();
    JsonObject other = write("demo-counter", counter, "/v1/employers", new JsonObject().put("creditCode", newCreditCode())
        .put("name", "新单位有限公司").put("employerRatio", "0.05").put("memberRatio", "0.05"), "open-" + UUID.randomUUID())
        .bodyAsJsonObject();
    String otherId = other.getString("employerId");
    assertThat(write("demo-counter", counter, "/v1/employers/" + otherId + "/members", member, "add-" + UUID.randomUUID())
        .bodyAsJsonObject().getString("code")).isEqualTo("MEMBER_ALREADY_ACTIVE");

    String removal = "/v1/employers/E00000001/members/" + first.getString("accountNo") + "/removal";
    HttpResponse<Buffer> sealed = write("demo-counter", counter, removal, new JsonObject(), "rm-" + UUID.randomUUID());
    assertThat(sealed.statusCode()).as(sealed.bodyAsString()).isEqualTo(200);
    contract.conforms("removeMember", sealed);
    assertThat(sealed.bodyAsJsonObject().getString("status")).isEqualTo("02");
    assertThat(write("demo-counter", counter, removal, new JsonObject(), "rm-" + UUID.randomUUID())
        .bodyAsJsonObject().getString("code")).isEqualTo("MEMBER_NOT_NORMAL");
    assertThat(write("demo-counter", counter, "/v1/employers/" + otherId + "/members/" + first.getString("accountNo")
        + "/removal", new JsonObject(), "rm-" + UUID.randomUUID()).statusCode()).isEqualTo(404);

    HttpResponse<Buffer> joined = write("demo-counter", counter, "/v1/employers/" + otherId + "/members", member,
        "add-" + UUID.randomUUID());
    assertThat(joined.statusCode()).as(joined.bodyAsString()).isEqualTo(201);
    // 6000.00 × 5 % = 300.00 at the new employer; same person, its sealed account unsealed (启封) and moved there.
    assertThat(joined.bodyAsJsonObject().getString("monthlyMember")).isEqualTo("300.00");
    assertThat(joined.bodyAsJsonObject().getString("personId")).isEqualTo(first.getString("personId"));
    assertThat(joined.bodyAsJsonObject().getString("accountNo")).isEqualTo(first.getString("accountNo"));
    assertThat(joined.bodyAsJsonObject().getString("employerId")).isEqualTo(otherId);
  }

  @Test
  void anEmployerAddsToItselfOnlyAndBadIdentifiersAreRefused() throws Exception {
    String counter = staffToken("counter.li");
    JsonObject member = new JsonObject().put("name", "钱七").put("idNumber", "350203199001011234").put("phone", "13900000007")
        .put("monthlyWage", "1000.00");
    HttpResponse<Buffer> badId = write("demo-counter", counter, "/v1/employers/E00000001/members", member,
        "add-" + UUID.randomUUID());
    assertThat(badId.bodyAsJsonObject().getString("code")).isEqualTo("ID_NUMBER_INVALID");
    HttpResponse<Buffer> noEmployer = write("demo-counter", counter, "/v1/employers/E99999999/members",
        member.copy().put("idNumber", TestIdentities.newIdNumber()), "add-" + UUID.randomUUID());
    assertThat(noEmployer.bodyAsJsonObject().getString("code")).isEqualTo("EMPLOYER_NOT_FOUND");

    // A member's own session cannot add members anywhere.
    String ticket = client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", DemoPeople.person("P00000002").idNumber()))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
    String memberToken = calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", ticket).toBuffer(), System.currentTimeMillis())
        .bodyAsJsonObject().getString("accessToken");
    HttpResponse<Buffer> byMember = write("demo-mobile", memberToken, "/v1/employers/E00000001/members",
        member.copy().put("idNumber", TestIdentities.newIdNumber()), "add-" + UUID.randomUUID());
    assertThat(byMember.statusCode()).isEqualTo(403);
    // The member sees its own (missing) account and nobody else's.
    HttpResponse<Buffer> other = calls.request("demo-mobile", HttpMethod.GET, "/v1/members/P00000001/account", null,
        System.currentTimeMillis()).bearerTokenAuthentication(memberToken).send().await(10, TimeUnit.SECONDS);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject().getString("code")).isEqualTo("NOT_FOUND");
  }
}
