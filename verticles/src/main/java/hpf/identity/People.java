package hpf.identity;

import hpf.crypto.FieldCipher;
import hpf.kit.Masking;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Natural persons for other rooms: finds a person by ID number (blind index) or registers one, with the
 * identifiers encrypted as everywhere else, and changes a person's name and phone; locks a person and answers names,
 * phones and existence. The only SQL on {@code person} outside identity's own logins. Runs in the caller's transaction.
 */
public final class People {

  /** A person's name and phone, in clear: for the caller to compare and to keep masked. */
  public record Contact(String name, String phone) {}

  private final FieldCipher fields;

  public People(FieldCipher fields) {
    this.fields = fields;
  }

  /** The person id of this ID number, registering the person first if the center does not know them yet. */
  public Future<String> ensure(SqlConnection conn, String name, String idNumber, String phone) {
    String id = Identifiers.normalizeIdNumber(idNumber);
    String index = fields.blindIndex(LoginSubjects.ID_NUMBER, id);
    return conn.preparedQuery("SELECT person_id FROM person WHERE id_number_idx = $1").execute(Tuple.of(index))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getString("person_id"))
            : conn.query("SELECT 'P' || lpad(nextval('person_number')::text, 8, '0') AS id").execute()
                .compose(next -> {
                  String personId = next.iterator().next().getString("id");
                  // Two registrations of one person at once: the second waits for the first and takes its row.
                  return conn.preparedQuery("""
                          INSERT INTO person (person_id, name, id_number_enc, id_number_idx, phone_enc, phone_idx)
                          VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id_number_idx) DO NOTHING RETURNING person_id""")
                      .execute(Tuple.of(personId, name, fields.encrypt(LoginSubjects.ID_NUMBER, personId, id), index,
                          fields.encrypt(LoginSubjects.PHONE, personId, phone),
                          fields.blindIndex(LoginSubjects.PHONE, phone)))
                      .compose(inserted -> inserted.size() == 1 ? Future.succeededFuture(personId)
                          : conn.preparedQuery("SELECT person_id FROM person WHERE id_number_idx = $1")
                              .execute(Tuple.of(index)).map(found -> found.iterator().next().getString("person_id")));
                }));
  }

  /** The person id of this ID number, or null when the center does not know the person. */
  public Future<String> personIdOf(io.vertx.sqlclient.SqlClient sql, String idNumber) {
    String index = fields.blindIndex(LoginSubjects.ID_NUMBER, Identifiers.normalizeIdNumber(idNumber));
    return sql.preparedQuery("SELECT person_id FROM person WHERE id_number_idx = $1").execute(Tuple.of(index))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("person_id"));
  }

  /**
   * Locks the person row until the caller's transaction ends: the first lock of the member lock order (person, then
   * member account, then ledger) that every writer of a member's money or cards takes. False when there is no such
   * person.
   */
  public static Future<Boolean> lock(SqlConnection conn, String personId) {
    return conn.preparedQuery("SELECT 1 FROM person WHERE person_id = $1 FOR UPDATE").execute(Tuple.of(personId))
        .map(rows -> rows.size() > 0);
  }

  /** Whether the center knows the person. */
  public static Future<Boolean> exists(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT 1 FROM person WHERE person_id = $1").execute(Tuple.of(personId))
        .map(rows -> rows.size() > 0);
  }

  /** The person's name; null when there is no such person. */
  public static Future<String> name(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT name FROM person WHERE person_id = $1").execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("name"));
  }

  /** The names of these persons by person id (unknown ids are left out). */
  public static Future<Map<String, String>> names(SqlClient sql, Collection<String> personIds) {
    return sql.preparedQuery("SELECT person_id, name FROM person WHERE person_id = ANY($1)")
        .execute(Tuple.of(personIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, String> names = new HashMap<>();
          rows.forEach(row -> names.put(row.getString("person_id"), row.getString("name")));
          return names;
        });
  }

  /** The person's phone in clear (for a notice to the member); null when there is no such person. */
  public Future<String> phone(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT phone_enc FROM person WHERE person_id = $1").execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null
            : fields.decrypt(LoginSubjects.PHONE, personId, rows.iterator().next().getString("phone_enc")));
  }

  /** The person's name and phone, locked until the caller's transaction ends; null when there is no such person. */
  public Future<Contact> lockContact(SqlConnection conn, String personId) {
    return conn.preparedQuery("SELECT name, phone_enc FROM person WHERE person_id = $1 FOR UPDATE")
        .execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null : new Contact(rows.iterator().next().getString("name"),
            fields.decrypt(LoginSubjects.PHONE, personId, rows.iterator().next().getString("phone_enc"))));
  }

  /** Sets the name and phone (the phone encrypted, with a new blind index: login codes go to the new number). */
  public Future<Void> changeContact(SqlConnection conn, String personId, Contact contact) {
    return conn.preparedQuery("UPDATE person SET name = $2, phone_enc = $3, phone_idx = $4 WHERE person_id = $1")
        .execute(Tuple.of(personId, contact.name(), fields.encrypt(LoginSubjects.PHONE, personId, contact.phone()),
            fields.blindIndex(LoginSubjects.PHONE, contact.phone())))
        .mapEmpty();
  }

  /**
   * The identity numbers of these persons masked ({@code 350102********1234}) by person id, for a view of people
   * other than the caller: each is decrypted only to be masked here. Unknown ids are left out.
   */
  public Future<Map<String, String>> maskedIdNumbers(SqlClient sql, Collection<String> personIds) {
    return sql.preparedQuery("SELECT person_id, id_number_enc FROM person WHERE person_id = ANY($1)")
        .execute(Tuple.of(personIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, String> masked = new HashMap<>();
          rows.forEach(row -> masked.put(row.getString("person_id"), Masking.idNumber(fields.decrypt(
              LoginSubjects.ID_NUMBER, row.getString("person_id"), row.getString("id_number_enc")))));
          return masked;
        });
  }

  /**
   * The person's identity number in clear, for a query to a government data source the person consented to; it goes
   * into the query and the encrypted evidence only, never into an answer or a log.
   */
  public Future<String> idNumber(io.vertx.sqlclient.SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT id_number_enc FROM person WHERE person_id = $1").execute(Tuple.of(personId))
        .map(rows -> fields.decrypt(LoginSubjects.ID_NUMBER, personId, rows.iterator().next().getString("id_number_enc")));
  }
}
