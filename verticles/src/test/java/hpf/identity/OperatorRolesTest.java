package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Contracts;
import hpf.channel.OperatorAuth;
import hpf.channel.Zone;
import hpf.kit.Requests;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.identity.OperatorFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Separation of duties (三员分立) on the admin listener over real HTTP: each role is refused the others' work with
 * 403 problem+json (audited), nobody acts on the own account, an initial password only allows changing it, and the
 * bootstrap account can open the first security admin once and do nothing else.
 */
@ExtendWith(VertxExtension.class)
class OperatorRolesTest {

  private static final Set<String> KNOWN = Set.of(Operators.SYSTEM_ADMIN, Operators.SECURITY_ADMIN, Operators.AUDITOR,
      Requests.BOOTSTRAP_ROLE, OperatorAuth.ANONYMOUS);

  @Test
  void everyAdminOperationDeclaresItsRoles() {
    JsonObject paths = Contracts.bundle(Zone.ADMIN).document().getJsonObject("paths");
    Set<String> undeclared = new TreeSet<>();
    paths.forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("operationId")) {
        JsonArray roles = operation.getJsonArray(OperatorAuth.ROLES_EXTENSION);
        if (roles == null || roles.isEmpty() || !KNOWN.containsAll(roles.getList())) {
          undeclared.add(operation.getString("operationId"));
        }
      }
    }));
    assertThat(undeclared).isEmpty();
  }

  @Test
  void eachRoleIsRefusedTheOthersWork(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.9");
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    JsonObject limits = new JsonObject().put("rateLimit", new JsonObject().put("permitsPerSecond", 1).put("burst", 1));
    // The auditor reads the audit log, and cannot change traffic limits (refused before the body is validated).
    HttpResponse<Buffer> auditorTraffic = f.as(TestOperators.AUDITOR, HttpMethod.PUT,
        "/v1/traffic/channels/demo-mobile/limits", limits);
    assertThat(auditorTraffic.statusCode()).isEqualTo(403);
    assertThat(code(auditorTraffic)).isEqualTo("OPERATOR_FORBIDDEN");
    contract.conforms("setTrafficLimits", auditorTraffic);
    assertThat(f.as(TestOperators.AUDITOR, HttpMethod.PUT, "/v1/traffic/channels/demo-mobile/limits",
        new JsonObject().put("nonsense", true)).statusCode()).isEqualTo(403);
    assertThat(f.as(TestOperators.AUDITOR, HttpMethod.POST, "/v1/operators", new JsonObject().put("username", "x.y.z")
        .put("displayName", "x").put("role", "AUDITOR")).statusCode()).isEqualTo(403);
    assertThat(f.as(TestOperators.AUDITOR, HttpMethod.GET, "/v1/audit-log/verification", null).statusCode()).isEqualTo(200);
    // The system admin runs the platform, and neither opens accounts nor reads the audit log or the keys.
    assertThat(f.as(TestOperators.SYSTEM_ADMIN, HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(200);
    for (String uri : new String[] {"/v1/audit-log", "/v1/field-keys/rotation", "/v1/operators", "/v1/channel-apps"}) {
      HttpResponse<Buffer> refused = f.as(TestOperators.SYSTEM_ADMIN, HttpMethod.GET, uri, null);
      assertThat(refused.statusCode()).as(uri).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    // The security admin manages accounts, apps and keys, and neither runs the platform nor reads the audit log.
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.GET, "/v1/channel-apps", null).statusCode()).isEqualTo(200);
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.GET, "/v1/audit-log", null).statusCode()).isEqualTo(403);
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.PUT, "/v1/traffic/channels/demo-mobile/limits", limits)
        .statusCode()).isEqualTo(403);
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.GET, "/v1/dependencies", null).statusCode()).isEqualTo(403);
    // Every refusal is on the record, under the individual who tried.
    JsonObject denied = f.audit(TestOperators.username(TestOperators.AUDITOR), "setTrafficLimits").getJsonObject(0);
    assertThat(denied.getString("outcome")).isEqualTo("DENIED");
    assertThat(denied.getJsonObject("details").getString("role")).isEqualTo("AUDITOR");
  }

  @Test
  void nobodyActsOnTheOwnAccountAndAnInitialPasswordOnlyAllowsChangingIt(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.10");
    String self = TestOperators.username(TestOperators.SECURITY_ADMIN);
    assertThat(code(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.PUT, "/v1/operators/" + self + "/status",
        new JsonObject().put("status", "DISABLED")))).isEqualTo("OPERATOR_SELF_ACTION");
    assertThat(code(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.POST, "/v1/operators/" + self + "/credential-reset",
        null))).isEqualTo("OPERATOR_SELF_ACTION");
    assertThat(code(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.POST, "/v1/operators", new JsonObject()
        .put("username", self).put("displayName", "再开一个").put("role", "AUDITOR")))).isEqualTo("OPERATOR_SELF_ACTION");

    JsonObject created = f.create(TestOperators.SYSTEM_ADMIN);
    assertThat(created.getString("otpUri")).startsWith("otpauth://totp/").contains("secret=" + created.getString("otpSecret"));
    HttpResponse<Buffer> first = f.login(created.getString("username"), created.getString("initialPassword"),
        OperatorFixture.otp(created));
    String bearer = "Bearer " + first.bodyAsJsonObject().getString("token");
    assertThat(first.bodyAsJsonObject().getBoolean("passwordMustChange")).isTrue();
    assertThat(code(f.call(bearer, HttpMethod.GET, "/v1/system", null))).isEqualTo("OPERATOR_PASSWORD_CHANGE_REQUIRED");
    assertThat(code(f.call(bearer, HttpMethod.PUT, "/v1/operator-account/password", new JsonObject()
        .put("currentPassword", created.getString("initialPassword")).put("newPassword", "short"))))
        .isEqualTo("OPERATOR_PASSWORD_WEAK");
    assertThat(f.call(bearer, HttpMethod.PUT, "/v1/operator-account/password", new JsonObject()
        .put("currentPassword", created.getString("initialPassword")).put("newPassword", OperatorFixture.NEW_PASSWORD))
        .statusCode()).isEqualTo(204);
    assertThat(f.call(bearer, HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(200);
    // Disabled by the security admin: the session ends at once.
    assertThat(f.as(TestOperators.SECURITY_ADMIN, HttpMethod.PUT, "/v1/operators/" + created.getString("username")
        + "/status", new JsonObject().put("status", "DISABLED")).statusCode()).isEqualTo(200);
    assertThat(f.call(bearer, HttpMethod.GET, "/v1/system", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theBootstrapAccountOpensTheFirstSecurityAdminOnceAndNothingElse(Vertx vertx) throws Exception {
    OperatorFixture f = new OperatorFixture(vertx, "127.0.0.11");
    String basic = "Basic " + Base64.getEncoder().encodeToString("operator:hpf-sandbox-operator"
        .getBytes(StandardCharsets.UTF_8));
    JsonObject auditor = new JsonObject().put("username", "boot.auditor").put("displayName", "初始").put("role", "AUDITOR");
    JsonObject security = new JsonObject().put("username", "boot.security").put("displayName", "首个安全管理员")
        .put("role", "SECURITY_ADMIN");
    // The sandbox's demo security admin exists: the bootstrap account is already spent.
    assertThat(code(f.call(basic, HttpMethod.POST, "/v1/operators", security))).isEqualTo("OPERATOR_BOOTSTRAP_SPENT");
    var pool = TestPlatform.app().pool();
    String demo = TestOperators.username(TestOperators.SECURITY_ADMIN);
    // A fresh center: no active security admin (the demo one set aside for this test).
    pool.preparedQuery("UPDATE operator_account SET status = 'DISABLED' WHERE role = 'SECURITY_ADMIN' AND status = 'ACTIVE'"
        + " RETURNING username").execute().await(10, TimeUnit.SECONDS);
    try {
      assertThat(code(f.call(basic, HttpMethod.POST, "/v1/operators", auditor))).isEqualTo("OPERATOR_BOOTSTRAP_SPENT");
      for (String uri : new String[] {"/v1/system", "/v1/audit-log", "/v1/operators", "/v1/channel-apps"}) {
        assertThat(f.call(basic, HttpMethod.GET, uri, null).statusCode()).as(uri).isEqualTo(403);
      }
      HttpResponse<Buffer> first = f.call(basic, HttpMethod.POST, "/v1/operators", security);
      assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
      assertThat(first.getHeader("Cache-Control")).isEqualTo("no-store");
      new ContractCheck(vertx, Zone.ADMIN).conforms("createOperator", first);
      assertThat(first.bodyAsJsonObject().getString("createdBy")).isEqualTo("operator");
      JsonObject again = security.copy().put("username", "boot.security2");
      assertThat(code(f.call(basic, HttpMethod.POST, "/v1/operators", again))).isEqualTo("OPERATOR_BOOTSTRAP_SPENT");
    } finally {
      pool.preparedQuery("UPDATE operator_account SET status = CASE WHEN username = $1 THEN 'ACTIVE' ELSE 'DISABLED' END"
          + " WHERE role = 'SECURITY_ADMIN'").execute(Tuple.of(demo)).await(10, TimeUnit.SECONDS);
    }
    assertThat(f.audit("operator", "createOperator").stream().map(o -> ((JsonObject) o).getString("outcome")).toList())
        .containsExactly("OPERATOR_BOOTSTRAP_SPENT", "OK", "OPERATOR_BOOTSTRAP_SPENT", "OPERATOR_BOOTSTRAP_SPENT");
  }
}
