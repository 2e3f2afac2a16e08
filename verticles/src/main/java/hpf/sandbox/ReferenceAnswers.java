package hpf.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The sandbox national platform's reference data: enterprise basic info by credit code (query 1, the same enterprise
 * as the enterprise info of query 18) and a small fixed table of administrative divisions (query 5): the centers'
 * cities of the requirement (厦门, 鹰潭, 绵阳, 北京) with their provinces and a few districts.
 */
final class ReferenceAnswers {

  /** code → name, level; the parent is found by the code (province 2 digits, city 4 digits). */
  private record Division(String name, String level) {}

  private static final Map<String, Division> DIVISIONS = Map.ofEntries(
      Map.entry("110000", new Division("北京市", "省级")),
      Map.entry("110105", new Division("朝阳区", "县级")),
      Map.entry("350000", new Division("福建省", "省级")),
      Map.entry("350100", new Division("福州市", "地级")),
      Map.entry("350102", new Division("鼓楼区", "县级")),
      Map.entry("350200", new Division("厦门市", "地级")),
      Map.entry("350203", new Division("思明区", "县级")),
      Map.entry("350206", new Division("湖里区", "县级")),
      Map.entry("360000", new Division("江西省", "省级")),
      Map.entry("360600", new Division("鹰潭市", "地级")),
      Map.entry("360602", new Division("月湖区", "县级")),
      Map.entry("510000", new Division("四川省", "省级")),
      Map.entry("510700", new Division("绵阳市", "地级")),
      Map.entry("510703", new Division("涪城区", "县级")));

  private ReferenceAnswers() {}

  /** The answer to a reference query, or null when the dependency is not one. */
  static JsonObject answer(String dependency, JsonObject query) {
    return switch (dependency) {
      case "national.credit_code" -> creditCode(query.getString("creditCode", ""));
      case "national.admin_divisions" -> division(query.getString("divisionCode", ""));
      default -> null;
    };
  }

  private static JsonObject creditCode(String creditCode) {
    JsonObject enterprise = NationalAnswers.enterprise(creditCode);
    if (!enterprise.getBoolean("found")) {
      return enterprise;
    }
    return new JsonObject().put("found", true).put("creditCode", enterprise.getString("creditCode"))
        .put("name", enterprise.getString("name")).put("legalRepresentative", enterprise.getString("legalRepresentative"))
        .put("status", enterprise.getString("status")).put("registeredOn", enterprise.getString("establishedOn"))
        .put("authority", enterprise.getString("authority")).put("address", enterprise.getString("address"));
  }

  private static JsonObject division(String code) {
    Division division = DIVISIONS.get(code);
    if (division == null) {
      return new JsonObject().put("found", false);
    }
    JsonArray chain = new JsonArray();
    // Beijing's districts sit directly below the municipality in this table (its 市辖区 level is left out).
    for (String level : new String[] {code.substring(0, 2) + "0000", code.substring(0, 4) + "00", code}) {
      Division d = DIVISIONS.get(level);
      if (d != null && chain.stream().noneMatch(c -> ((JsonObject) c).getString("code").equals(level))) {
        chain.add(new JsonObject().put("code", level).put("name", d.name()));
      }
    }
    return new JsonObject().put("found", true).put("code", code).put("name", division.name())
        .put("level", division.level()).put("chain", chain);
  }
}
