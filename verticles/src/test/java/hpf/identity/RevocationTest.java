package hpf.identity;

import hpf.boot.HpfApplication;
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

/**
 * A logout holds on every member at once, even for a token each member already verified and keeps in its cache of
 * verified tokens, and even when someone on the cluster network deletes it from the cluster-wide revocation map.
 */
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

  @Test
  void aCachedTokenIsRefusedOnEveryMemberRightAfterLogout(Vertx vertx) throws Exception {
    HpfApplication second = HpfApplication.start(HpfConfig.from(Settings.of(TestPlatform.secondMemberOverrides())))
        .await(120, TimeUnit.SECONDS);
    try {
      SignedCalls here = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
      SignedCalls there = new SignedCalls(WebClient.create(vertx), second.ports().get(Zone.PUBLIC));
      String token = here.staffToken("counter.li");
      double hitsHere = hits(TestPlatform.app());
      double hitsThere = hits(second);
      for (int i = 0; i < 2; i++) {
        assertThat(current(here, token).statusCode()).isEqualTo(200);
        assertThat(current(there, token).statusCode()).isEqualTo(200);
      }
      // Each member verified the signature once and answered the second use from its cache.
      assertThat(hits(TestPlatform.app())).isGreaterThan(hitsHere);
      assertThat(hits(second)).isGreaterThan(hitsThere);

      HttpResponse<Buffer> logout = here.request("demo-counter", HttpMethod.DELETE, "/v1/sessions/current", null,
          System.currentTimeMillis()).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
      assertThat(logout.statusCode()).isEqualTo(204);
      for (SignedCalls member : new SignedCalls[] {here, there}) {
        HttpResponse<Buffer> after = current(member, token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.bodyAsJsonObject().getString("code")).isEqualTo("SESSION_REVOKED");
      }
    } finally {
      second.stop().await(60, TimeUnit.SECONDS);
    }
  }

  private static double hits(HpfApplication member) {
    return member.metrics().registry().get("hpf_identity_token_cache_lookups_total").tag("result", "hit").counter()
        .count();
  }

  private static HttpResponse<Buffer> current(SignedCalls calls, String token) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, "/v1/sessions/current", null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }
}
