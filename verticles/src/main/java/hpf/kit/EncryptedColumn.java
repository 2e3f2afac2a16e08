package hpf.kit;

/**
 * A column that holds {@link hpf.crypto.FieldCipher} values, declared by the room that owns the table so key
 * rotation can re-encrypt it without knowing the room: table, primary-key column, encrypted column, and the
 * field name used as associated data.
 */
public record EncryptedColumn(String table, String keyColumn, String column, String field) {

  public EncryptedColumn {
    for (String name : new String[] {table, keyColumn, column}) {
      // Identifiers are spliced into SQL: only plain lower-case names are accepted.
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain SQL identifier: " + name);
      }
    }
  }

  public String label() {
    return table + "." + column;
  }
}
