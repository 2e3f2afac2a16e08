package hpf.identity;

import hpf.kit.CopyFormat;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The row format of {@code person} for bulk loading (the data set generator), and the lookup it makes before: the
 * identifiers arrive already encrypted and blind-indexed with this room's fields ({@link LoginSubjects}).
 */
public final class PersonRows {

  public static final CopyFormat PERSON = new CopyFormat("person",
      List.of("person_id", "name", "id_number_enc", "id_number_idx", "phone_enc", "phone_idx", "created_at"));

  /** JDBC text: the blind indexes among the array parameter that a registered person already has. */
  public static final String ID_NUMBERS_IN_USE = "SELECT id_number_idx FROM person WHERE id_number_idx = ANY (?)";

  private PersonRows() {}

  public static void person(CopyFormat.Sink rows, String personId, String name, String idNumberEnc, String idNumberIdx,
                            String phoneEnc, String phoneIdx, OffsetDateTime createdAt) throws SQLException {
    rows.add(personId).add(name).add(idNumberEnc).add(idNumberIdx).add(phoneEnc).add(phoneIdx).add(createdAt).row();
  }
}
