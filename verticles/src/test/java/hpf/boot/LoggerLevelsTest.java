package hpf.boot;

import ch.qos.logback.classic.LoggerContext;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators set levels of loggers that exist (or a few top-level names); a made-up name creates nothing. */
@ExtendWith(VertxExtension.class)
class LoggerLevelsTest {

  @Test
  void anUnknownLoggerNameIsRefusedAndNotCreated(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
    int before = loggers.getLoggerList().size();
    for (int i = 0; i < 20; i++) {
      String name = "hpf.made.up" + UUID.randomUUID().toString().replace("-", "");
      HttpResponse<Buffer> refused = set(client, name, "DEBUG");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("LOGGER_UNKNOWN");
      assertThat(loggers.exists(name)).isNull();
    }
    assertThat(loggers.getLoggerList().size()).isLessThan(before + 5);

    HttpResponse<Buffer> existing = set(client, "hpf.boot.SystemInfo", "INFO");
    assertThat(existing.statusCode()).as(existing.bodyAsString()).isEqualTo(200);
    assertThat(set(client, "com.hazelcast", "INFO").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<Buffer> set(WebClient client, String name, String level) throws Exception {
    return client.put(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/loggers/" + name)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .sendJsonObject(new JsonObject().put("level", level)).await(10, TimeUnit.SECONDS);
  }
}
