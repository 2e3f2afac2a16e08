package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.kit.EncryptedColumn;
import hpf.kit.Masking;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a center keeps of an employer besides its registration (name, address, postal code, legal representative,
 * contact person and phone) and its change history (单位信息变更, {@code employer_info_change}). The contact phone
 * is encrypted at rest and shown, logged and kept in the history only masked. The credit code never changes.
 */
final class EmployerInfo {

  static final String CONTACT_PHONE = "employer.contact_phone";
  /** JSON field → column; the phone column holds the encrypted value. */
  static final Map<String, String> COLUMNS = columns();

  private final FieldCipher fields;

  EmployerInfo(FieldCipher fields) {
    this.fields = fields;
  }

  static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("employer", "employer_id", "contact_phone_enc", CONTACT_PHONE);
  }

  private static Map<String, String> columns() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("name", "name");
    map.put("address", "address");
    map.put("postalCode", "postal_code");
    map.put("legalRepresentative", "legal_representative");
    map.put("contactName", "contact_name");
    map.put("contactPhone", "contact_phone_enc");
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The employer's information in clear (phone decrypted), by JSON field name; absent values are null. */
  Future<Map<String, String>> current(SqlClient sql, String employerId) {
    return sql.preparedQuery("""
            SELECT name, address, postal_code, legal_representative, contact_name, contact_phone_enc
              FROM employer WHERE employer_id = $1""").execute(Tuple.of(employerId))
        .map(rows -> {
          Row row = rows.iterator().next();
          Map<String, String> values = new LinkedHashMap<>();
          COLUMNS.forEach((field, column) -> values.put(field, row.getString(column)));
          String phone = values.get("contactPhone");
          values.put("contactPhone", phone == null ? null : fields.decrypt(CONTACT_PHONE, employerId, phone));
          return values;
        });
  }

  /**
   * Applies the changed values (the caller has locked the employer and compared them with {@link #current}) and
   * appends one history row per field, in the caller's transaction.
   */
  Future<Void> change(SqlConnection conn, String employerId, Map<String, String> before, Map<String, String> changed,
                      Actor actor) {
    List<String> assignments = new ArrayList<>();
    List<Object> values = new ArrayList<>(List.of(employerId));
    List<Tuple> history = new ArrayList<>();
    changed.forEach((field, value) -> {
      values.add("contactPhone".equals(field) ? fields.encrypt(CONTACT_PHONE, employerId, value) : value);
      assignments.add(COLUMNS.get(field) + " = $" + values.size());
      history.add(Tuple.from(new Object[] {employerId, field, shown(field, before.get(field)), shown(field, value),
          actor.id(), actor.kind(), actor.channel(), actor.requestId()}));
    });
    return conn.preparedQuery("UPDATE employer SET " + String.join(", ", assignments) + " WHERE employer_id = $1")
        .execute(Tuple.from(values))
        .compose(v -> conn.preparedQuery("""
                INSERT INTO employer_info_change (employer_id, field, old_value, new_value, actor, actor_kind, channel,
                                                  request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
            .executeBatch(history))
        .mapEmpty();
  }

  /** The fields whose requested value differs from the current one. */
  static Map<String, String> differences(Map<String, String> before, Map<String, String> requested) {
    Map<String, String> changed = new LinkedHashMap<>();
    requested.forEach((field, value) -> {
      if (!Objects.equals(before.get(field), value)) {
        changed.put(field, value);
      }
    });
    return changed;
  }

  /** The answer: the information as shown (phone masked) with the employer's shown status. */
  static JsonObject toJson(Employers.Employer employer, Map<String, String> info) {
    JsonObject json = new JsonObject().put("employerId", employer.employerId()).put("creditCode", employer.creditCode())
        .put("status", employer.shownStatus());
    info.forEach((field, value) -> json.put(field, shown(field, value)));
    return json;
  }

  /** The latest 200 changes, newest first. */
  Future<JsonObject> history(SqlClient sql, String employerId) {
    return sql.preparedQuery("""
            SELECT * FROM employer_info_change WHERE employer_id = $1 ORDER BY change_id DESC LIMIT 200""")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(changeJson(row)));
          return new JsonObject().put("employerId", employerId).put("items", items);
        });
  }

  static JsonObject changeJson(Row row) {
    return new JsonObject().put("changeId", row.getLong("change_id")).put("field", row.getString("field"))
        .put("oldValue", row.getString("old_value")).put("newValue", row.getString("new_value"))
        .put("changedBy", row.getString("actor")).put("changedByKind", row.getString("actor_kind"))
        .put("channel", row.getString("channel"))
        .put("changedAt", row.getOffsetDateTime("changed_at").toInstant().toString());
  }

  private static String shown(String field, String value) {
    return value != null && field.toLowerCase(java.util.Locale.ROOT).endsWith("phone") ? Masking.phone(value) : value;
  }
}
