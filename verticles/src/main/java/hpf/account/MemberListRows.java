package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Identifiers;
import hpf.kit.Masking;
import hpf.kit.Money;
import hpf.kit.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a list's rows that need nothing but the row itself and the rows before it: every field present and
 * well formed (ID number with its GB 11643 check digit, mobile number, wage), no ID number twice in the file. The ID
 * number and phone are encrypted here, on the worker thread that read the file. Checks against the center's records
 * follow in {@link MemberListChecks}.
 */
final class MemberListRows {

  static final String ID_FIELD = "member_list_row.id_number";
  static final String PHONE_FIELD = "member_list_row.phone";
  private static final int MAX_NAME = 50;

  /** A row ready to be stored: clear name and wage, encrypted identifiers, its problems so far. */
  record Prepared(String rowId, int rowNo, String name, String idNumberEnc, String idNumberMask, String phoneEnc,
                  BigDecimal wage, JsonArray problems) {}

  private MemberListRows() {}

  static List<Prepared> prepare(String listId, String kind, List<MemberListFile.Row> rows, FieldCipher fields) {
    boolean adding = "ADD".equals(kind);
    Set<String> seen = new HashSet<>();
    List<Prepared> prepared = new ArrayList<>(rows.size());
    for (MemberListFile.Row row : rows) {
      JsonArray problems = new JsonArray();
      String rowId = listId + "-" + row.rowNo();
      String name = row.cell("name");
      if (name.isEmpty()) {
        problems.add(problem("name", MemberListProblems.ROW_VALUE_MISSING));
      } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
        problems.add(problem("name", MemberListProblems.ROW_NAME_INVALID));
        name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME));
      }
      String idNumber = Identifiers.normalizeIdNumber(row.cell("idNumber"));
      if (idNumber.isEmpty()) {
        problems.add(problem("idNumber", MemberListProblems.ROW_VALUE_MISSING));
      } else if (!Identifiers.isIdNumber(idNumber)) {
        problems.add(problem("idNumber", AccountProblems.ID_NUMBER_INVALID));
      } else if (!seen.add(idNumber)) {
        problems.add(problem("idNumber", MemberListProblems.ROW_DUPLICATE));
      }
      String phone = row.cell("phone");
      BigDecimal wage = null;
      if (adding) {
        if (phone.isEmpty()) {
          problems.add(problem("phone", MemberListProblems.ROW_VALUE_MISSING));
        } else if (!Identifiers.isMobile(phone)) {
          problems.add(problem("phone", AccountProblems.PHONE_INVALID));
        }
        wage = wage(row.cell("monthlyWage"), problems);
      }
      prepared.add(new Prepared(rowId, row.rowNo(), name,
          idNumber.isEmpty() ? null : fields.encrypt(ID_FIELD, rowId, idNumber), Masking.idNumber(idNumber),
          adding && !phone.isEmpty() ? fields.encrypt(PHONE_FIELD, rowId, phone) : null, wage, problems));
    }
    return prepared;
  }

  /** The declared wage (thousands separators allowed, as Excel shows them); null with a problem when it is none. */
  private static BigDecimal wage(String text, JsonArray problems) {
    if (text.isEmpty()) {
      problems.add(problem("monthlyWage", MemberListProblems.ROW_VALUE_MISSING));
      return null;
    }
    try {
      Money wage = Money.parse(text.replace(",", ""));
      if (wage.isPositive()) {
        return wage.toYuan();
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      // not an amount: reported below
    }
    problems.add(problem("monthlyWage", MemberListProblems.ROW_WAGE_INVALID));
    return null;
  }

  /** One entry of a row's report: the column, the stable code and the business message. */
  static JsonObject problem(String field, Problem problem) {
    return new JsonObject().put("field", field).put("code", problem.code()).put("message", problem.title());
  }
}
