package hpf.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The embedded PostgreSQL of the default run: its data directory is kept under {@code HPF_DATA_DIR/postgres},
 * so data survives restarts. It listens on loopback only. Blocking; used at start-up and shutdown only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String DATABASE = "hpf";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts (or restarts) the database; the caller holds the {@link DataDirLock} of {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    Path dir = dataDir.resolve("postgres");
    try {
      Files.createDirectories(dir.getParent());
      OrphanedPostgres.stopIfRunning(dir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (port != 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("listen_addresses", "127.0.0.1")
          // The library defaults to synchronous_commit=off (fine for throwaway test databases); a committed
          // ledger posting must survive a crash, so commits wait for the WAL flush as in any production server.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("max_connections", "200")
          .start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg);
      db.createDatabaseIfMissing();
      return db;
    } catch (IOException e) {
      throw new StartupException("embedded PostgreSQL did not start in " + dir + ": " + e.getMessage()
          + " (check HPF_DATA_DIR is writable and not used by another running instance)", e);
    }
  }

  private void createDatabaseIfMissing() {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
        }
      }
    } catch (SQLException e) {
      throw new StartupException("embedded PostgreSQL: cannot create database " + DATABASE + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
