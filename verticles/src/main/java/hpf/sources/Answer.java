package hpf.sources;

import hpf.kit.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON answer read field by field: a missing or mistyped required field is a malformed answer
 * ({@link Malformed}), never a null that surfaces later in a business rule.
 */
final class Answer {

  /** The answer does not follow the protocol; the message names the field, not its value. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  private final JsonObject json;

  Answer(JsonObject json) {
    this.json = json;
  }

  String text(String key) {
    Object value = json.getValue(key);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new Malformed("field " + key + " missing or not a string");
    }
    return s;
  }

  /** An optional text: null when absent. */
  String optText(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw new Malformed("field " + key + " not a string");
    }
    return (String) value;
  }

  boolean flag(String key) {
    Object value = json.getValue(key);
    if (!(value instanceof Boolean b)) {
      throw new Malformed("field " + key + " missing or not a boolean");
    }
    return b;
  }

  int count(String key) {
    Object value = json.getValue(key);
    if (!(value instanceof Number n) || n.intValue() < 0 || n.doubleValue() != n.intValue()) {
      throw new Malformed("field " + key + " missing or not a non-negative integer");
    }
    return n.intValue();
  }

  /** Amounts travel as decimal strings in yuan ("1234.56"); never as JSON numbers (no floating point). */
  Money money(String key) {
    try {
      return Money.parse(text(key));
    } catch (RuntimeException e) {
      throw new Malformed("field " + key + " not an amount in yuan");
    }
  }

  LocalDate date(String key) {
    try {
      return LocalDate.parse(text(key));
    } catch (RuntimeException e) {
      throw new Malformed("field " + key + " not a date (yyyy-MM-dd)");
    }
  }

  /** An optional date: null when absent. */
  LocalDate optDate(String key) {
    return json.getValue(key) == null ? null : date(key);
  }

  /** A list of non-empty strings. */
  List<String> texts(String key) {
    Object value = json.getValue(key);
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(i -> i instanceof String s && !s.isEmpty())) {
      throw new Malformed("field " + key + " missing or not a list of strings");
    }
    return array.stream().map(String.class::cast).toList();
  }

  List<Answer> list(String key) {
    Object value = json.getValue(key);
    if (!(value instanceof JsonArray array)) {
      throw new Malformed("field " + key + " missing or not a list");
    }
    List<Answer> items = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof JsonObject object)) {
        throw new Malformed("an item of " + key + " is not an object");
      }
      items.add(new Answer(object));
    }
    return items;
  }
}
