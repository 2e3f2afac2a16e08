package hpf.boot;

import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded PostgreSQL of the default run is durable and migrated. */
class EmbeddedDatabaseTest {

  private static Row one(String sql) throws Exception {
    return TestPlatform.app().pool().query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next();
  }

  @Test
  void commitsAreDurable() throws Exception {
    assertThat(one("SHOW synchronous_commit").getString(0)).isEqualTo("on");
    assertThat(one("SHOW fsync").getString(0)).isEqualTo("on");
  }

  @Test
  void runsASupportedPostgresqlWithEveryMigrationApplied() throws Exception {
    assertThat(one("SELECT current_setting('server_version_num')::int").getInteger(0)).isGreaterThanOrEqualTo(150000);
    Row history = one("SELECT count(*) FILTER (WHERE success) AS ok, count(*) AS total FROM flyway_schema_history");
    assertThat(history.getLong("ok")).isEqualTo(history.getLong("total")).isGreaterThanOrEqualTo(2);
    assertThat(one("SELECT count(*) FROM service_item").getLong(0)).isEqualTo(43);
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    assertThat(one("SHOW listen_addresses").getString(0)).isEqualTo("127.0.0.1");
  }
}
