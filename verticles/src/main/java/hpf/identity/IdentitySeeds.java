package hpf.identity;

import hpf.crypto.FieldCipher;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Identity rows with known ids for the sandbox's demo people, employer logins and staff: which are present, and the
 * inserts of those missing (built off the event loop, since the caller hashes passwords for them), each a no-op when
 * the row exists by then.
 */
public final class IdentitySeeds {

  /** One insert, ready to run. */
  public record Seed(String sql, Tuple values) {}

  private IdentitySeeds() {}

  /** The person ids, employer ids (of employer logins) and staff ids the database holds. */
  public static Future<Set<String>> presentIds(SqlClient sql) {
    return sql.query("SELECT person_id AS id FROM person UNION ALL SELECT employer_id FROM employer_login "
            + "UNION ALL SELECT staff_id FROM staff_user").execute()
        .map(rows -> {
          Set<String> present = new HashSet<>();
          rows.forEach(row -> present.add(row.getString("id")));
          return present;
        });
  }

  /** A person with a password, identifiers encrypted and blind-indexed as {@link People#ensure} stores them. */
  public static Seed person(FieldCipher fields, String personId, String name, String idNumber, String phone,
                            String passwordHash) {
    String id = Identifiers.normalizeIdNumber(idNumber);
    return new Seed("""
        INSERT INTO person (person_id, name, id_number_enc, id_number_idx, phone_enc, phone_idx, password_hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""", Tuple.of(personId, name,
        fields.encrypt(LoginSubjects.ID_NUMBER, personId, id), fields.blindIndex(LoginSubjects.ID_NUMBER, id),
        fields.encrypt(LoginSubjects.PHONE, personId, phone), fields.blindIndex(LoginSubjects.PHONE, phone),
        passwordHash));
  }

  /** An employer's login: its credit code, name, agent and password. */
  public static Seed employerLogin(String employerId, String creditCode, String name, String agentPersonId,
                                   String passwordHash) {
    return new Seed("""
        INSERT INTO employer_login (employer_id, credit_code, name, agent_person_id, password_hash)
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
        Tuple.of(employerId, creditCode, name, agentPersonId, passwordHash));
  }

  public static Seed staff(String staffId, String name, List<String> roles, String passwordHash) {
    return new Seed("""
        INSERT INTO staff_user (staff_id, name, roles, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
        Tuple.of(staffId, name, roles.toArray(new String[0]), passwordHash));
  }

  /** How many of these staff ids and operator usernames are registered (a production start refuses demo ones). */
  public static Future<Long> staffAndOperatorsPresent(SqlClient sql, List<String> staffIds, List<String> usernames) {
    return sql.preparedQuery("""
            SELECT (SELECT count(*) FROM staff_user WHERE staff_id = ANY ($1))
                 + (SELECT count(*) FROM operator_account WHERE username = ANY ($2)) AS present""")
        .execute(Tuple.of(staffIds.toArray(String[]::new), (Object) usernames.toArray(String[]::new)))
        .map(rows -> rows.iterator().next().getLong("present"));
  }

  /** Runs the seeds one after the other. */
  public static Future<Void> run(SqlClient sql, List<Seed> seeds) {
    Future<Void> chain = Future.succeededFuture();
    for (Seed seed : seeds) {
      chain = chain.compose(v -> sql.preparedQuery(seed.sql()).execute(seed.values()).mapEmpty());
    }
    return chain;
  }
}
