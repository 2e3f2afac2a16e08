package hpf.boot;

import hpf.kit.StartupException;
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
 * so data survives restarts. It listens on loopback only and every connection gives a password (scram-sha-256),
 * the superuser's kept in HPF_DATA_DIR/db-owner-password. Blocking; used at start-up and shutdown only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String DATABASE = "hpf";
  public static final String USER = "postgres";
  /** The superuser's generated password, kept 0600 in HPF_DATA_DIR (never in the PostgreSQL data directory). */
  public static final String PASSWORD_FILE = "db-owner-password";

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /** Starts (or restarts) the database; the caller holds the {@link DataDirLock} of {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    Path dir = dataDir.resolve("postgres");
    Path passwordFile = dataDir.resolve(PASSWORD_FILE);
    try {
      Files.createDirectories(dir.getParent());
      OrphanedPostgres.stopIfRunning(dir);
      boolean initialised = Files.exists(dir.resolve("postgresql.conf"));
      if (initialised && EmbeddedHba.requiresPasswords(dir) && !Files.exists(passwordFile)) {
        throw new StartupException("the embedded database's superuser password file " + passwordFile + " is missing;"
            + " restore it, or set every METHOD in " + dir.resolve(EmbeddedHba.FILE) + " to trust and start once"
            + " more to have a new one set");
      }
      String password = KeptPassword.of(passwordFile, "embedded database superuser");
      EmbeddedPostgres pg = launch(dir, port, passwordFile, password);
      if (!EmbeddedHba.requiresPasswords(dir)) {
        // A data directory from before passwords were required (trust): upgraded once, then restarted so that
        // the new rules are in force before anything else connects.
        try {
          EmbeddedHba.upgrade(pg.getPostgresDatabase(), dir, USER, password);
        } finally {
          pg.close();
        }
        pg = launch(dir, port, passwordFile, password);
      }
      EmbeddedDatabase db = new EmbeddedDatabase(pg, password);
      try {
        db.createDatabaseIfMissing();
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
      return db;
    } catch (IOException e) {
      throw new StartupException("embedded PostgreSQL did not start in " + dir + ": " + e.getMessage()
          + " (check HPF_DATA_DIR is writable and not used by another running instance)", e);
    }
  }

  private static EmbeddedPostgres launch(Path dir, int port, Path passwordFile, String password) throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port != 0) {
      builder.setPort(port);
    }
    return builder
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        // The library runs initdb with -A trust, then appends these "--name=value" options (the only way to pass
        // initdb options): a new data directory requires the superuser's password from the first moment on.
        .setLocaleConfig("auth", "scram-sha-256")
        .setLocaleConfig("pwfile", passwordFile.toString())
        // The library's own readiness check connects as the superuser over TCP.
        .setConnectConfig("password", password)
        .setServerConfig("listen_addresses", "127.0.0.1")
        // The library defaults to synchronous_commit=off (fine for throwaway test databases); a committed
        // ledger posting must survive a crash, so commits wait for the WAL flush as in any production server.
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .setServerConfig("max_connections", "200")
        .setServerConfig("password_encryption", "scram-sha-256")
        .start();
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

  /** The superuser's password: every connection to the embedded database gives one. */
  public String password() {
    return password;
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
