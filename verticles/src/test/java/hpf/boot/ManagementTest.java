package hpf.boot;

import hpf.channel.ContractCheck;
import hpf.channel.Contracts;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics, and each listener's contract and docs, on the running platform. */
@ExtendWith(VertxExtension.class)
class ManagementTest {

  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestPlatform.app();
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> get(Zone zone, String uri) throws Exception {
    return client.get(TestPlatform.port(zone), "127.0.0.1", uri).send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void readyWhenDatabaseMigrationsAndClusterAreUp(Vertx vertx) throws Exception {
    HttpResponse<Buffer> ready = get(Zone.MANAGEMENT, "/health/ready");
    HttpResponse<Buffer> live = get(Zone.MANAGEMENT, "/health/live");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = ready.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getMap()).containsOnlyKeys("database", "migrations", "cluster", "accepting")
        .allSatisfy((check, state) -> assertThat(state).isEqualTo("UP"));
    String latest = TestPlatform.app().pool()
        .query("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
        .execute().await(10, java.util.concurrent.TimeUnit.SECONDS).iterator().next().getString(0);
    assertThat(body.getString("schemaVersion")).isEqualTo(latest);
    assertThat(live.statusCode()).isEqualTo(200);
    ContractCheck contract = new ContractCheck(vertx, Zone.MANAGEMENT);
    contract.conforms("getReadiness", ready);
    contract.conforms("getLiveness", live);
  }

  @Test
  void metricsCoverJvmHttpPoolAndPlatformMeters(Vertx vertx) throws Exception {
    SignedCalls signed = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    signed.get("/v1/service-items?size=1");
    signed.get("/v1/service-items/ZZ99");
    signed.send("demo-counter", io.vertx.core.http.HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "STAFF_PASSWORD").put("staffId", "reviewer.zhao").put("password", "Staff@2026").toBuffer(),
        System.currentTimeMillis());
    // A ticket is redeemed at the identity provider through the HTTP client: its Vert.x meters appear.
    signed.send("demo-mobile", io.vertx.core.http.HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", "no-such-ticket-0123456789").toBuffer(), System.currentTimeMillis());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!get(Zone.MANAGEMENT, "/metrics").bodyAsString().contains("vertx_http_client_requests_total")
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    HttpResponse<Buffer> metrics = get(Zone.MANAGEMENT, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    new ContractCheck(vertx, Zone.MANAGEMENT).conforms("getMetrics", metrics);
    String text = metrics.bodyAsString();
    assertThat(text).contains("jvm_memory_used_bytes", "jvm_gc_", "vertx_http_server_requests_total",
        "vertx_http_client_requests_total",
        "vertx_pool_", "pool_name=\"hpf-db\"", "hpf_boot_ready", "hpf_boot_startup_seconds",
        "hpf_identity_logins_total{operation=\"STAFF_PASSWORD\",outcome=\"OK\"}", "hpf_keys_rotation_running",
        "hpf_keys_field_key_version", "hpf_audit_chain_valid", "hpf_settlement_outbox_pending",
        "hpf_settlement_outbox_oldest_pending_seconds");
    // The status class (2xx, 4xx, 5xx) is what the 5xx ratio alert of deploy-k8s reads.
    assertThat(text).contains(
        "hpf_channel_requests_seconds_count{channel=\"demo-mobile\",operation=\"listServiceItems\",outcome=\"ok\","
            + "status=\"2xx\"}",
        "hpf_channel_requests_seconds_count{channel=\"demo-mobile\",operation=\"getServiceItem\","
            + "outcome=\"SERVICE_ITEM_NOT_FOUND\",status=\"4xx\"}");
    // Latency buckets per listener (the dashboard's percentiles and the latency alert): the 5 s target is a bound.
    assertThat(text).contains("hpf_listener_requests_seconds_bucket{listener=\"public\",le=\"5.0\"}",
        "hpf_listener_requests_seconds_bucket{listener=\"public\",le=\"+Inf\"}",
        "hpf_listener_requests_seconds_count{listener=\"public\"}");
    // Bounded labels: no path, no item code, no request id.
    assertThat(text).doesNotContain("ZZ99", "/v1/service-items");
  }

  @ParameterizedTest
  @EnumSource(Zone.class)
  void everyListenerServesItsContractAndDocs(Zone zone) throws Exception {
    HttpResponse<Buffer> spec = get(zone, "/openapi.yaml");
    HttpResponse<Buffer> docs = get(zone, "/docs");
    HttpResponse<Buffer> assets = get(zone, "/docs/swagger-ui-bundle.js");
    assertThat(spec.statusCode()).isEqualTo(200);
    assertThat(spec.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(spec.bodyAsString()).isEqualTo(Contracts.bundle(zone).yaml());
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.bodyAsString()).contains("SwaggerUIBundle", "/openapi.yaml");
    assertThat(assets.statusCode()).isEqualTo(200);
  }
}
