package hpf.identity;

import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.SignedToken;
import hpf.crypto.Sm2Keys;
import hpf.kit.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A logout holds even when someone on the cluster network deletes it from the cluster-wide revocation map. */
@ExtendWith(VertxExtension.class)
class RevocationTest {

  @Test
  void aLogoutRemovedFromTheClusterMapStillRefusesTheToken(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    String token = calls.staffToken("counter.li");
    assertThat(current(calls, token).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> logout = calls.request("demo-counter", HttpMethod.DELETE, "/v1/sessions/current", null,
        System.currentTimeMillis()).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
    assertThat(logout.statusCode()).isEqualTo(204);

    String sessionId = SignedToken.verify(token,
        HpfConfig.from(Settings.of(Map.of())).security().tokenKeys().map(Sm2Keys.Private::publicKey),
        "public", Instant.now()).sessionId();
    // The attacker's move: the revocation disappears from the cluster-wide map.
    assertThat(TestPlatform.app().hazelcast().getMap(Sessions.REVOKED_MAP).remove(sessionId)).isEqualTo(Boolean.TRUE);

    HttpResponse<Buffer> after = current(calls, token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("code")).isEqualTo("SESSION_REVOKED");
    // The member that found it in the database put it back for the others.
    assertThat(TestPlatform.app().hazelcast().getMap(Sessions.REVOKED_MAP).get(sessionId)).isEqualTo(Boolean.TRUE);
  }

  private static HttpResponse<Buffer> current(SignedCalls calls, String token) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, "/v1/sessions/current", null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }
}
