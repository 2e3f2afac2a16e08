package hpf.dataset;

import hpf.cli.GenerateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar hpf.jar generate} as an operator runs it against a configured database: it generates, audits and
 * checks the books; it refuses a second run, a production configuration unless explicitly allowed, and bad usage,
 * each with its exit code and without touching the data.
 */
class GenerateCommandTest {

  private String printed;

  @Test
  void generatesOnceChecksTheBooksAndRefusesWhatAnOperatorWouldNotWant() throws Exception {
    try (ScratchDatabase db = new ScratchDatabase()) {
      Map<String, String> env = environment(db);
      long loans;
      String[] small = {"--members", "200", "--employers", "8", "--months", "3", "--through", "2026-10", "--seed", "5"};

      assertThat(run(env, small)).as(printed).isEqualTo(GenerateCommand.OK);
      assertThat(printed).contains("statistics: analyzed in", "seed 5, loans 3 %");
      assertThat(printed).contains("generating 200 members, 8 employers, 3 months 2026-08..2026-10, seed 5",
          "generated data set #1", "rows/s", "books check: balanced");
      try (Connection conn = db.connect()) {
        assertThat(DatasetGeneratorTest.count(conn, "SELECT count(*) FROM person")).isEqualTo(200);
        assertThat(DatasetGeneratorTest.count(conn, "SELECT count(*) FROM audit_log WHERE operation = 'generateDataset' "
            + "AND actor_kind = 'OPERATOR' AND target = 'dataset:1'")).isEqualTo(1);
        loans = DatasetGeneratorTest.count(conn, "SELECT count(*) FROM loan_application");
      }

      assertThat(run(env, small)).isEqualTo(GenerateCommand.REFUSED);
      assertThat(printed).contains("refused: the database already holds the data set of seed 5");
      assertThat(run(env, "--members", "0")).isEqualTo(GenerateCommand.USAGE);
      assertThat(printed).contains("--members: from 1", "usage:");
      assertThat(run(env, "--members", "10", "--through", "2099-01")).isEqualTo(GenerateCommand.USAGE);
      assertThat(printed).contains("--through: a month that has ended");
      assertThat(run(env, "--members", "10", "--loans", "101")).isEqualTo(GenerateCommand.USAGE);
      assertThat(printed).contains("--loans: a percentage from 0 to 100");

      Map<String, String> production = production(env);
      assertThat(run(production, "--members", "10", "--seed", "6", "--add", "--through", "2026-10"))
          .isEqualTo(GenerateCommand.REFUSED);
      assertThat(printed).contains("HPF_SANDBOX=false", "--allow-production");
      try (Connection conn = db.connect()) {
        assertThat(DatasetGeneratorTest.count(conn, "SELECT count(*) FROM person")).isEqualTo(200);
      }
      // Explicitly allowed (a staging copy), with the production keys of that configuration.
      assertThat(run(production, "--members", "10", "--employers", "2", "--months", "1", "--seed", "6", "--add",
          "--through", "2026-10", "--allow-production", "--loans", "0")).as(printed).isEqualTo(GenerateCommand.OK);
      try (Connection conn = db.connect()) {
        assertThat(DatasetGeneratorTest.count(conn, "SELECT count(*) FROM dataset_run")).isEqualTo(2);
        // No loans asked for: the applications are still the first data set's.
        assertThat(DatasetGeneratorTest.count(conn, "SELECT count(*) FROM loan_application")).isEqualTo(loans);
      }
    }
  }

  private int run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = GenerateCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
    return code;
  }

  private static Map<String, String> environment(ScratchDatabase db) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HPF_DB_URL", db.url());
    env.put("HPF_DB_USER", db.target.user());
    env.put("HPF_DB_PASSWORD", db.target.password());
    // The sandbox with an external database is accepted on a loopback bind host only.
    env.put("HPF_BIND_HOST", "127.0.0.1");
    env.put("HPF_DATA_DIR", Files.createTempDirectory("hpf-generate-").toString());
    return env;
  }

  private static Map<String, String> production(Map<String, String> env) {
    Map<String, String> production = new HashMap<>(env);
    production.put("HPF_SANDBOX", "false");
    production.put("HPF_CLUSTER_NAME", "hpf-staging-7Qx2b9Lm4Rt8Wc1Zp6Kd");
    production.put("HPF_ADMIN_PASSWORD", "a-staging-operator-secret");
    production.put("HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff");
    production.put("HPF_BLIND_INDEX_KEY", "ffeeddccbbaa99887766554433221100");
    production.put("HPF_TOKEN_KEYS", "1:" + "1f".repeat(32));
    production.put("HPF_PLATFORM_KEYS", "1:" + "2e".repeat(32));
    production.put("HPF_CHAIN_KEYS", "1:" + "3d".repeat(32));
    production.put("HPF_IDP_URL", "https://idp.staging.example");
    production.put("HPF_SMS_URL", "https://sms.staging.example");
    production.put("HPF_NATIONAL_SHARING_URL", "https://national-sharing.staging.example");
    production.put("HPF_COLLABORATION_URL", "https://collaboration.staging.example");
    production.put("HPF_REAL_ESTATE_URL", "https://real-estate.staging.example");
    production.put("HPF_FUNERAL_URL", "https://funeral.staging.example");
    production.put("HPF_PENSION_URL", "https://pension.staging.example");
    production.put("HPF_ELICENSE_URL", "https://elicense.staging.example");
    return production;
  }
}
