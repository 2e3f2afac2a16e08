package hpf.boot;

import hpf.kit.Settings;
import hpf.kit.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Another process on the host, connecting to the embedded PostgreSQL as an attacker would: without the superuser's
 * password (or with a wrong one) it is refused; a data directory made when loopback was trusted is upgraded.
 */
class EmbeddedDatabaseAuthTest {

  private static Connection connect(int port, String user, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE, user,
        password);
  }

  private static void refused(int port, String user, String password) {
    assertThatThrownBy(() -> connect(port, user, password).close())
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
  }

  private static void superuserWith(int port, String password) throws SQLException {
    try (Connection c = connect(port, EmbeddedDatabase.USER, password); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  private static void passwordsOnly(Path dataDir, int port) throws Exception {
    Path file = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    refused(port, EmbeddedDatabase.USER, "");
    refused(port, EmbeddedDatabase.USER, "not-the-password");
    refused(port, RuntimeRole.EMBEDDED_ROLE, "");
    superuserWith(port, Files.readString(file).trim());
    assertThat(Files.readString(dataDir.resolve("postgres").resolve(EmbeddedHba.FILE)))
        .doesNotContainPattern("(?m)^[^#].*\\b(trust|password|md5|ident|peer)\\s*$");
  }

  @Test
  void theSharedPlatformsDatabaseRefusesAnyoneWithoutThePassword() throws Exception {
    int port = TestPlatform.app().database().port();
    passwordsOnly(TestPlatform.dataDir(), port);
    assertThat(TestPlatform.app().database().password())
        .isEqualTo(Files.readString(TestPlatform.dataDir().resolve(EmbeddedDatabase.PASSWORD_FILE)).trim());
  }

  @Test
  void aDataDirectoryThatTrustedLoopbackIsUpgradedOnItsNextStart() throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-test-trust-");
    String before;
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      before = db.password();
      // A new data directory: initdb itself wrote password-only rules (its replication lines show it was not
      // rewritten afterwards), so it never accepted a connection without the password.
      assertThat(Files.readString(dataDir.resolve("postgres").resolve(EmbeddedHba.FILE)))
          .containsPattern("(?m)^host\\s+replication\\s+all\\s+127\\.0\\.0\\.1/32\\s+scram-sha-256");
      passwordsOnly(dataDir, db.port());
    }
    // As initdb -A trust wrote it, and before HPF kept a superuser password.
    Files.writeString(dataDir.resolve("postgres").resolve(EmbeddedHba.FILE), """
        local   all             all                                     trust
        host    all             all             127.0.0.1/32            trust
        host    all             all             ::1/128                 trust
        local   replication     all                                     trust
        host    replication     all             127.0.0.1/32            trust
        """);
    Files.delete(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE));

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertThat(db.password()).isNotEqualTo(before);
      passwordsOnly(dataDir, db.port());
      refused(db.port(), EmbeddedDatabase.USER, before);
    }
    // Restarted as upgraded: the kept password still admits the superuser, nothing else does.
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      passwordsOnly(dataDir, db.port());
    }
  }

  @Test
  void operatorCommandsReachItWithTheKeptPasswords() throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-test-command-");
    try (CommandDatabase db = CommandDatabase.open(HpfConfig.from(Settings.of(TestPlatform.overrides(dataDir))))) {
      assertThat(db.pool().query("SELECT current_user").execute().await(10, TimeUnit.SECONDS).iterator().next()
          .getString(0)).isEqualTo(RuntimeRole.EMBEDDED_ROLE);
    }
    assertThat(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE)).exists();
  }

  @Test
  void aLostSuperuserPasswordStopsTheStartWithWhatToDo() throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-test-lost-");
    EmbeddedDatabase.start(dataDir, 0).close();
    Files.delete(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE));
    assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0).close())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(EmbeddedDatabase.PASSWORD_FILE).hasMessageContaining("trust");
  }
}
