package hpf.boot;

import hpf.kit.ConfigException;
import hpf.kit.StartupException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database role the runtime pool connects as: never the tables' owner or a superuser, so the append-only
 * triggers bind the application itself (it cannot disable them, truncate, or switch off triggers for its session).
 * The embedded run creates {@code hpf_app} with a generated password kept in the data directory; an external
 * database names it in HPF_DB_USER, with HPF_DB_MIGRATION_USER owning the tables. Blocking: start-up only.
 */
final class RuntimeRole {

  static final String EMBEDDED_ROLE = "hpf_app";
  static final String PASSWORD_FILE = "db-app-password";
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeRole.class);

  private RuntimeRole() {}

  /** Creates or resets the embedded run's login role and grants it the tables; answers its connection target. */
  static Database.Target embedded(Database.Target owner, Path dataDir) {
    String password = KeptPassword.of(dataDir.resolve(PASSWORD_FILE), "runtime database");
    try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
         Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SELECT pg_advisory_xact_lock(hashtext('hpf.runtime-role'))");
      boolean exists;
      try (var rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + EMBEDDED_ROLE + "'")) {
        exists = rs.next();
      }
      // The password is generated base64url text: nothing in it can end the literal.
      st.execute((exists ? "ALTER" : "CREATE") + " ROLE " + EMBEDDED_ROLE + " WITH LOGIN NOSUPERUSER NOBYPASSRLS"
          + " NOCREATEROLE NOCREATEDB NOREPLICATION PASSWORD '" + password + "'");
      grants(st, EMBEDDED_ROLE);
      c.commit();
    } catch (SQLException e) {
      throw new StartupException("embedded PostgreSQL: cannot set up the runtime role " + EMBEDDED_ROLE + ": "
          + e.getMessage(), e);
    }
    return new Database.Target(owner.host(), owner.port(), owner.database(), EMBEDDED_ROLE, password);
  }

  /** Grants the runtime user of an external database the tables the migration user owns (when they differ). */
  static void grant(Database.Target owner, String runtimeUser) {
    if (!runtimeUser.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")) {
      throw ConfigException.invalid("HPF_DB_USER", runtimeUser, "a PostgreSQL role name (letters, digits, _)");
    }
    try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
         Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SELECT pg_advisory_xact_lock(hashtext('hpf.runtime-role'))");
      grants(st, "\"" + runtimeUser + "\"");
      c.commit();
    } catch (SQLException e) {
      throw new StartupException("cannot grant HPF_DB_USER its rights as HPF_DB_MIGRATION_USER: " + e.getMessage(), e);
    }
  }

  /** Rows only: no TRUNCATE, no TRIGGER, no DDL; the migration history is read-only. */
  private static void grants(Statement st, String role) throws SQLException {
    st.execute("GRANT USAGE ON SCHEMA public TO " + role);
    st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
    st.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
    st.execute("REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM " + role);
  }

  /**
   * Refuses (HPF_SANDBOX=false) or warns (sandbox) when the runtime user is a superuser or bypasses row security:
   * such a user goes around every append-only guard. Owning the tables is warned about in every run.
   */
  static Future<Void> check(Pool pool, boolean sandbox) {
    return pool.query("""
            SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                   EXISTS (SELECT 1 FROM pg_tables t WHERE t.tablename = 'audit_log' AND t.tableowner = r.rolname) AS owner
              FROM pg_roles r WHERE r.rolname = current_user""").execute()
        .compose(rows -> {
          var row = rows.iterator().next();
          String user = row.getString("rolname");
          if (Boolean.TRUE.equals(row.getBoolean("rolsuper")) || Boolean.TRUE.equals(row.getBoolean("rolbypassrls"))) {
            String problem = "the runtime database user " + user + " is a superuser or bypasses row security, so it can"
                + " go around the append-only audit and evidence tables; give HPF_DB_USER only SELECT, INSERT, UPDATE"
                + " and DELETE, and run migrations as HPF_DB_MIGRATION_USER";
            if (!sandbox) {
              return Future.failedFuture(new StartupException(problem));
            }
            LOG.atWarn().addKeyValue("dbUser", user).log(problem + " (allowed in the sandbox only)");
          } else if (Boolean.TRUE.equals(row.getBoolean("owner"))) {
            LOG.atWarn().addKeyValue("dbUser", user).log("the runtime database user owns the tables and could disable"
                + " their append-only triggers; set HPF_DB_MIGRATION_USER to the owner and HPF_DB_USER to a user with rights on rows only");
          }
          return Future.succeededFuture();
        });
  }
}
