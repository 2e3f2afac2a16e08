package hpf.boot;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.audit.ChainKeys;
import hpf.cli.Main;
import hpf.kit.Settings;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's own pool, even in the embedded run, is no superuser and not the tables' owner: the append-only
 * triggers bind it, and it can neither disable them, switch them off for its session, nor truncate.
 */
class RuntimeRoleTest {

  @Test
  void theRuntimePoolIsNeitherSuperuserNorOwnerAndTheGuardsBindIt() throws Exception {
    Pool pool = TestPlatform.app().pool();
    Row role = pool.query("""
            SELECT current_user AS name, r.rolsuper, r.rolbypassrls, r.rolcreaterole,
                   (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log') AS owner
              FROM pg_roles r WHERE r.rolname = current_user""")
        .execute().await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(role.getString("name")).isEqualTo(RuntimeRole.EMBEDDED_ROLE);
    assertThat(role.getBoolean("rolsuper")).isFalse();
    assertThat(role.getBoolean("rolbypassrls")).isFalse();
    assertThat(role.getBoolean("rolcreaterole")).isFalse();
    assertThat(role.getString("owner")).isNotEqualTo(role.getString("name"));

    long seq = new AuditLog(pool, new ChainKeys(HpfConfig.from(Settings.of(Map.of())).security().chains().keys()))
        .append(new AuditEntry("test", "SYSTEM", "test", "runtimeRoleTest", "audit_log", "OK", "req-role", Map.of()))
        .await(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> pool.query("UPDATE audit_log SET outcome = 'DENIED' WHERE seq = " + seq).execute()
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("DELETE FROM audit_log WHERE seq = " + seq).execute()
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update").execute()
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("must be owner");
    assertThatThrownBy(() -> pool.withTransaction(conn -> conn.query("SET LOCAL session_replication_role = replica")
        .execute()).await(10, TimeUnit.SECONDS)).hasMessageContaining("permission denied");
    assertThatThrownBy(() -> pool.query("TRUNCATE audit_log").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> pool.query("UPDATE chain_keying SET keyed_from = keyed_from + 1").execute()
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("fixed");
    assertThatThrownBy(() -> pool.query("DELETE FROM flyway_schema_history").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("permission denied");
  }

  @Test
  void itsGeneratedPasswordIsKeptInTheDataDirectoryForTheOwnerOnly() throws Exception {
    Path file = TestPlatform.dataDir().resolve(RuntimeRole.PASSWORD_FILE);
    assertThat(Files.readString(file).trim()).isEqualTo(TestPlatform.app().runtimeDatabase().password());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // Migrations ran as the owner, a different role.
    assertThat(TestPlatform.app().database().user()).isNotEqualTo(TestPlatform.app().runtimeDatabase().user());
  }

  @Test
  void productionRefusesASuperuserAsTheRuntimeUser() throws Exception {
    Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
    Database.Target owner = TestPlatform.app().database();
    overrides.put("HPF_DB_USER", owner.user());
    overrides.put("HPF_DB_PASSWORD", owner.password());
    overrides.remove("HPF_DB_MIGRATION_USER");
    overrides.remove("HPF_DB_MIGRATION_PASSWORD");
    overrides.put("HPF_SANDBOX", "false");
    overrides.put("HPF_ADMIN_PASSWORD", "a-real-operator-secret");
    overrides.put("HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff");
    overrides.put("HPF_BLIND_INDEX_KEY", "ffeeddccbbaa99887766554433221100");
    overrides.put("HPF_TOKEN_KEYS", "1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_PLATFORM_KEYS", "1:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_CHAIN_KEYS", "1:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_CLUSTER_NAME", SettingsTest.PRODUCTION_CLUSTER + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    for (String source : new String[] {"IDP", "SMS", "NATIONAL_SHARING", "COLLABORATION", "REAL_ESTATE", "FUNERAL",
        "PENSION", "ELICENSE"}) {
      overrides.put("HPF_" + source + "_URL", "https://" + source.toLowerCase().replace('_', '-') + ".example.gov.cn");
    }
    assertThatThrownBy(() -> HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(Main.rootMessage(e)).contains("is a superuser or bypasses row security"));
  }
}
