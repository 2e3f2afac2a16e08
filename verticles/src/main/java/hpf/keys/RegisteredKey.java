package hpf.keys;

import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * An SM2 public key a party registered (a channel app, a partner bank), as PEM text: its current key and the previous
 * one while that is still valid (else null), named by its holder for messages ("channel app demo-mobile").
 */
public record RegisteredKey(String holder, String currentPem, String previousPem) {

  /** The keys of rows with the columns holder, current_key and previous_key. */
  public static List<RegisteredKey> listOf(Iterable<Row> rows) {
    List<RegisteredKey> keys = new ArrayList<>();
    rows.forEach(row -> keys.add(new RegisteredKey(row.getString("holder"), row.getString("current_key"),
        row.getString("previous_key"))));
    return keys;
  }
}
