package hpf.sources;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.List;

/** A data source's answer records as JSON, the form kept as evidence and shown to reviewers. */
public final class AnswerJson {

  private AnswerJson() {}

  /** A list of answer records as {@code {"items": [...]}}. */
  public static JsonObject list(List<?> items) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(json(item)));
    return new JsonObject().put("items", array);
  }

  /**
   * An answer record as JSON for the evidence: every component by name, dates, amounts and codes in their text
   * form (amounts as yuan strings, never floating point), nested lists as arrays.
   */
  public static JsonObject json(Object record) {
    JsonObject json = new JsonObject();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(record);
        json.put(c.getName(), value == null ? null : value instanceof Boolean || value instanceof Integer
            ? value : value instanceof List<?> items ? list(items).getJsonArray("items") : value.toString());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("answer record " + record.getClass().getSimpleName(), e);
      }
    }
    return json;
  }
}
