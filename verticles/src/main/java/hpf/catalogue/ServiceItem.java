package hpf.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A business item (办事事项) of the center's service catalogue, as the channels show it, with the operationIds of the
 * public contract that carry it out online (empty where it is not online yet).
 */
public record ServiceItem(String code, String name, String category, boolean crossProvince, boolean fullyOnline,
                         List<String> channels, JsonArray materials, String description, List<String> operations) {

  /** Chinese names of the categories, shown next to the stable codes. */
  static final Map<String, String> CATEGORY_NAMES = Map.of(
      "COLLECTION", "归集",
      "WITHDRAWAL", "提取",
      "LOAN", "贷款",
      "HOUSING_FUND", "住房资金");

  JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("name", name)
        .put("category", category)
        .put("categoryName", CATEGORY_NAMES.get(category))
        .put("crossProvince", crossProvince)
        .put("fullyOnline", fullyOnline)
        .put("channels", new JsonArray(channels))
        .put("materials", materials)
        .put("description", description)
        .put("operations", new JsonArray(operations));
  }
}
