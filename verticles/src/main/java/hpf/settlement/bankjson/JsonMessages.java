package hpf.settlement.bankjson;

import hpf.settlement.bdc.BdcMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a BDC message, for banks that take JSON over HTTP: {@code {"head": {..}, "body": {..}}} with every
 * value a string, and each repeating group an array of objects of strings in the body ({@code "Details": [{..}]}).
 * Field names are the BDC names, so one mapping of the transactions serves both protocols.
 */
public final class JsonMessages {

  private JsonMessages() {}

  public static JsonObject toJson(BdcMessage message) {
    JsonObject head = new JsonObject();
    message.headFields().forEach(head::put);
    JsonObject body = new JsonObject();
    message.bodyFields().forEach(body::put);
    message.lists().forEach((name, rows) -> {
      JsonArray array = new JsonArray();
      rows.forEach(row -> array.add(new JsonObject(new LinkedHashMap<>(row))));
      body.put(name, array);
    });
    return new JsonObject().put("head", head).put("body", body);
  }

  /** The message in a JSON object; anything else than the shape above is an IllegalArgumentException. */
  public static BdcMessage fromJson(JsonObject json) {
    if (json == null || !(json.getValue("head") instanceof JsonObject head)
        || !(json.getValue("body") instanceof JsonObject body)) {
      throw new IllegalArgumentException("a message is an object with head and body objects");
    }
    BdcMessage message = new BdcMessage();
    for (Map.Entry<String, Object> field : head) {
      message.head(field.getKey(), text(field.getValue(), field.getKey()));
    }
    for (Map.Entry<String, Object> field : body) {
      if (field.getValue() instanceof JsonArray rows) {
        message.list(field.getKey());
        for (Object row : rows) {
          if (!(row instanceof JsonObject object)) {
            throw new IllegalArgumentException(field.getKey() + " holds something other than objects");
          }
          Map<String, String> values = new LinkedHashMap<>();
          object.forEach(e -> values.put(e.getKey(), text(e.getValue(), e.getKey())));
          message.row(field.getKey(), values);
        }
      } else {
        message.field(field.getKey(), text(field.getValue(), field.getKey()));
      }
    }
    return message;
  }

  private static String text(Object value, String name) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(name + " is not a string");
    }
    return s;
  }
}
