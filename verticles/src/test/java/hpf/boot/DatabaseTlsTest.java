package hpf.boot;

import hpf.kit.StartupException;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sslmode of HPF_DB_URL reaches both ways the platform talks to PostgreSQL. The test database speaks no TLS, so
 * a URL that demands it must fail to connect (pool and migrations alike) instead of silently going on in clear.
 */
class DatabaseTlsTest {

  private static Database.Target withMode(String mode) {
    Database.Target db = TestPlatform.app().database();
    String url = "postgresql://" + db.host() + ":" + db.port() + "/" + db.database() + "?sslmode=" + mode;
    return Database.external(new HpfConfig.DatabaseConfig(url, db.user(), db.password(), 1, Duration.ofSeconds(1), 0, "", ""));
  }

  @Test
  void requireRefusesAServerWithoutTls() {
    Database.Target target = withMode("require");
    assertThatThrownBy(() -> Database.awaitReachable(TestPlatform.app().vertx(), target, Duration.ofMillis(300))
        .await(30, TimeUnit.SECONDS)).isInstanceOf(StartupException.class).hasMessageContaining("is unreachable");
    assertThatThrownBy(() -> DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password()).close())
        .hasMessageContaining("SSL");
  }

  @Test
  void disableStillConnectsInClear() throws Exception {
    Database.Target target = withMode("disable");
    Database.awaitReachable(TestPlatform.app().vertx(), target, Duration.ofSeconds(10)).await(30, TimeUnit.SECONDS);
    try (var connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }
}
