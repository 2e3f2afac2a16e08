package hpf.dataset;

import hpf.boot.Database;
import hpf.boot.TestPlatform;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh, migrated database on the test platform's PostgreSQL server, dropped when closed. */
final class ScratchDatabase implements AutoCloseable {

  final Database.Target target;
  final Pool pool;

  ScratchDatabase() throws SQLException {
    Database.Target platform = TestPlatform.app().database();
    String name = "scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), platform.user(), platform.password());
         Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    }
    target = new Database.Target(platform.host(), platform.port(), name, platform.user(), platform.password());
    Database.migrateNow(target);
    pool = Database.pool(TestPlatform.app().vertx(), target, 2);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  /** The URL an operator would configure as HPF_DB_URL. */
  String url() {
    return "postgresql://" + target.host() + ":" + target.port() + "/" + target.database();
  }

  @Override
  public void close() throws Exception {
    pool.close().await();
    Database.Target platform = TestPlatform.app().database();
    try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), platform.user(), platform.password());
         Statement st = c.createStatement()) {
      st.execute("DROP DATABASE " + target.database() + " WITH (FORCE)");
    }
  }
}
