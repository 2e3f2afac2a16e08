package hpf.boot;

import hpf.kit.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Who may connect to the embedded PostgreSQL: every role gives its password (scram-sha-256), over TCP and the local
 * socket alike. Data directories made before this was so have {@code trust} (any process on the host was the
 * superuser): they get the kept superuser password and these rules once, on their next start. Blocking.
 */
final class EmbeddedHba {

  static final String FILE = "pg_hba.conf";
  static final String RULES = """
      # Written by HPF: every connection to the embedded database gives the role's password.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      local   all       all                 scram-sha-256
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;

  private EmbeddedHba() {}

  /** True when every rule of the data directory asks for a scram-sha-256 password (initdb's own or HPF's). */
  static boolean requiresPasswords(Path pgData) {
    List<String> lines;
    try {
      lines = Files.readAllLines(pgData.resolve(FILE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return false;
    }
    for (String line : lines) {
      String rule = line.replaceFirst("#.*", "").trim();
      if (rule.isEmpty()) {
        continue;
      }
      String[] fields = rule.split("\\s+");
      // local DATABASE USER METHOD; host* DATABASE USER ADDRESS METHOD (an address with a separate mask is no
      // rule HPF or initdb writes: it is rewritten too).
      int method = "local".equals(fields[0]) ? 3 : 4;
      if (fields.length <= method || !"scram-sha-256".equals(fields[method])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Gives the superuser the kept password, then replaces the rules. Runs on a server still accepting the old rules
   * (the caller restarts it so the new ones are in force: a reload only signals, it does not wait).
   */
  static void upgrade(DataSource superuser, Path pgData, String user, String password) {
    try (Connection c = superuser.getConnection(); Statement st = c.createStatement()) {
      // The password is generated base64url text (KeptPassword): nothing in it can end the literal.
      st.execute("ALTER ROLE " + user + " WITH PASSWORD '" + password + "'");
    } catch (SQLException e) {
      throw new StartupException("embedded PostgreSQL: cannot set the superuser password: " + e.getMessage(), e);
    }
    try {
      Path next = pgData.resolve(FILE + ".hpf-new");
      Files.writeString(next, RULES, StandardCharsets.UTF_8);
      Files.move(next, pgData.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartupException("embedded PostgreSQL: cannot write " + pgData.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }
}
