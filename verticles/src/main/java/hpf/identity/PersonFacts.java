package hpf.identity;

import hpf.crypto.FieldCipher;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.Period;

/**
 * Facts a business rule needs about a person that follow from the resident identity number (GB 11643: birth date
 * in digits 7-14, sex by the parity of digit 17), without handing the number itself out of this room.
 */
public final class PersonFacts {

  public enum Sex { MALE, FEMALE }

  public record Facts(LocalDate birthDate, Sex sex) {
    public int ageOn(LocalDate day) {
      return Period.between(birthDate, day).getYears();
    }
  }

  private final FieldCipher fields;

  public PersonFacts(FieldCipher fields) {
    this.fields = fields;
  }

  public Future<Facts> of(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT id_number_enc FROM person WHERE person_id = $1").execute(Tuple.of(personId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw new IllegalStateException("no person " + personId);
          }
          return fromIdNumber(fields.decrypt(LoginSubjects.ID_NUMBER, personId,
              rows.iterator().next().getString("id_number_enc")));
        });
  }

  static Facts fromIdNumber(String idNumber) {
    LocalDate birth = LocalDate.of(Integer.parseInt(idNumber.substring(6, 10)), Integer.parseInt(idNumber.substring(10, 12)),
        Integer.parseInt(idNumber.substring(12, 14)));
    return new Facts(birth, (idNumber.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE);
  }
}
