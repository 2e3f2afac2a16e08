package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.identity.OperatorFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in attacks on the admin listener over real HTTP: guessing locks the account (also when the guesses run in
 * parallel), the right password is refused while locked, one source address cannot spray guesses across accounts,
 * every attempt is audited under the name attempted, and sessions end at logout, when idle and at their lifetime.
 */
@ExtendWith(VertxExtension.class)
class OperatorSignInTest {

  @Test
  void guessingLocksTheAccountAndTheRightPasswordIsThenRefusedAndEveryAttemptIsAudited(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.3");
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    JsonObject target = f.create(TestOperators.SYSTEM_ADMIN);
    String username = target.getString("username");
    for (int i = 1; i <= 4; i++) {
      HttpResponse<Buffer> wrong = f.login(username, "Wrong-guess-" + i + "xx", "000000");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(code(wrong)).isEqualTo("OPERATOR_LOGIN_FAILED");
      contract.conforms("createOperatorSession", wrong);
    }
    HttpResponse<Buffer> fifth = f.login(username, "Wrong-guess-5xx", "000000");
    // Locked now, but the answer does not say so: an unknown account name must look the same.
    assertThat(code(fifth)).isEqualTo("OPERATOR_LOGIN_FAILED");
    // The sixth attempt carries the right password and a valid code: refused while locked.
    HttpResponse<Buffer> right = f.login(username, target.getString("initialPassword"), OperatorFixture.otp(target));
    assertThat(right.statusCode()).isEqualTo(401);
    assertThat(code(right)).isEqualTo("OPERATOR_LOGIN_FAILED");
    assertThat(right.bodyAsJsonObject().containsKey("token")).isFalse();

    JsonArray audited = f.audit(username, "createOperatorSession");
    List<String> outcomes = new ArrayList<>();
    audited.forEach(item -> outcomes.add(((JsonObject) item).getString("outcome")));
    assertThat(outcomes).containsExactly("REFUSED_LOCKED", "PASSWORD_WRONG_LOCKED", "PASSWORD_WRONG", "PASSWORD_WRONG",
        "PASSWORD_WRONG", "PASSWORD_WRONG");
    assertThat(audited.encode()).doesNotContain("Wrong-guess").doesNotContain(target.getString("initialPassword"))
        .contains("127.0.0.3");

    // The security admin enables the account again (which clears the lock): the right credentials now work.
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.PUT, "/v1/operators/" + username + "/status",
        new JsonObject().put("status", "ACTIVE")).statusCode()).isEqualTo(200);
    assertThat(f.login(username, target.getString("initialPassword"), OperatorFixture.otp(target)).statusCode())
        .isEqualTo(201);
    assertThat(f.audit(username, "createOperatorSession").getJsonObject(0).getString("outcome")).isEqualTo("OK");
  }

  @Test
  void parallelGuessesCannotOutrunTheLock(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.5");
    JsonObject target = f.create(TestOperators.AUDITOR);
    String username = target.getString("username");
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      guesses.add(f.loginAsync(username, "Parallel-guess-" + i, "000000"));
    }
    Future.all(guesses).await(120, TimeUnit.SECONDS);
    // At most five passwords were ever checked: each attempt is counted before its check, and the fifth locks.
    JsonArray audited = f.audit(username, "createOperatorSession");
    long checked = audited.stream().map(o -> ((JsonObject) o).getString("outcome"))
        .filter(o -> o.startsWith("PASSWORD_WRONG")).count();
    assertThat(audited.size()).isEqualTo(20);
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void oneSourceAddressCannotSprayGuessesAcrossAccounts(Vertx vertx) throws Exception {
    OperatorFixture sprayer = new OperatorFixture(vertx, "127.0.0.4");
    int limit = 50;
    for (int i = 0; i < limit; i++) {
      assertThat(code(sprayer.login("nobody." + i, "Spray-guess-2026", "123456"))).isEqualTo("OPERATOR_LOGIN_FAILED");
    }
    HttpResponse<Buffer> throttled = sprayer.login("nobody.x", "Spray-guess-2026", "123456");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(code(throttled)).isEqualTo("OPERATOR_LOGIN_THROTTLED");
    assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).isPositive();
    new ContractCheck(vertx, Zone.ADMIN).conforms("createOperatorSession", throttled);
    // The bootstrap account's Basic credentials are refused from that source too, before any comparison.
    assertThat(sprayer.call("Basic " + java.util.Base64.getEncoder().encodeToString("operator:guess".getBytes()),
        HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(429);
    // Other addresses are unaffected.
    OperatorFixture other = new OperatorFixture(vertx, "127.0.0.6");
    JsonObject fresh = other.create(TestOperators.AUDITOR);
    assertThat(other.login(fresh.getString("username"), fresh.getString("initialPassword"), OperatorFixture.otp(fresh))
        .statusCode()).isEqualTo(201);
  }

  @Test
  void logoutEndsTheSessionAndTheIndividualIsTheActorOfEachAction(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.7");
    JsonObject created = f.create(TestOperators.SYSTEM_ADMIN);
    String bearer = f.ready(created);
    String username = created.getString("username");
    assertThat(f.call(bearer, HttpMethod.PUT, "/v1/loggers/hpf.boot.SystemInfo", new JsonObject().put("level", "INFO"))
        .statusCode()).isEqualTo(200);
    JsonObject action = f.audit(username, "setLoggerLevel").getJsonObject(0);
    assertThat(action.getString("actor")).isEqualTo(username);
    assertThat(f.audit(username, "changeOwnOperatorPassword").getJsonObject(0).getString("outcome")).isEqualTo("OK");

    assertThat(f.call(bearer, HttpMethod.DELETE, "/v1/operator-sessions/current", null).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> after = f.call(bearer, HttpMethod.GET, "/v1/system", null);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(code(after)).isEqualTo("OPERATOR_UNAUTHENTICATED");
    assertThat(f.audit(username, "deleteCurrentOperatorSession").size()).isEqualTo(1);
  }

  @Test
  void aSessionEndsWhenIdleAndAtItsAbsoluteLifetime(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.8");
    JsonObject created = f.create(TestOperators.SYSTEM_ADMIN);
    String idle = f.ready(created);
    String old = "Bearer " + f.login(created.getString("username"), OperatorFixture.NEW_PASSWORD,
        OperatorFixture.otp(created)).bodyAsJsonObject().getString("token");
    assertThat(f.call(idle, HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(200);
    assertThat(f.call(old, HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(200);
    // Time passes for these two sessions only: 16 minutes without use, and 8 hours since sign-in (used just now).
    age("last_seen_at", idle, "16 minutes");
    age("created_at", old, "8 hours 1 minute");
    assertThat(code(f.call(idle, HttpMethod.GET, "/v1/system", null))).isEqualTo("OPERATOR_UNAUTHENTICATED");
    assertThat(code(f.call(old, HttpMethod.GET, "/v1/system", null))).isEqualTo("OPERATOR_UNAUTHENTICATED");
  }

  private static void age(String column, String bearer, String by) throws Exception {
    String token = bearer.substring("Bearer ".length());
    int updated = TestPlatform.app().pool().preparedQuery("UPDATE operator_session SET " + column + " = " + column
            + " - ($2::text)::interval WHERE token_hash = $1")
        .execute(Tuple.of(hpf.crypto.Sm3.digestHex(token), by)).await(10, TimeUnit.SECONDS).rowCount();
    assertThat(updated).isEqualTo(1);
  }
}
