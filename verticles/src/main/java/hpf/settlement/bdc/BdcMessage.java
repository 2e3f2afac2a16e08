package hpf.settlement.bdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One protocol message: head fields, body fields and repeating groups ({@code <field-list>}: a named list of rows,
 * each row a map of fields). Field order is kept as written. A small mutable builder: one message is built or read
 * by one party and then sent, never shared.
 */
public final class BdcMessage {

  private final Map<String, String> head = new LinkedHashMap<>();
  private final Map<String, String> body = new LinkedHashMap<>();
  private final Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();

  public BdcMessage head(String name, String value) {
    head.put(name, value == null ? "" : value);
    return this;
  }

  public BdcMessage field(String name, String value) {
    body.put(name, value == null ? "" : value);
    return this;
  }

  /** Appends a row to the named repeating group (created on first use). */
  public BdcMessage row(String list, Map<String, String> row) {
    lists.computeIfAbsent(list, k -> new ArrayList<>()).add(new LinkedHashMap<>(row));
    return this;
  }

  /** Declares a repeating group that may stay empty (so an empty page is still a page). */
  public BdcMessage list(String list) {
    lists.computeIfAbsent(list, k -> new ArrayList<>());
    return this;
  }

  /** A head field, or null when absent. */
  public String head(String name) {
    return head.get(name);
  }

  /** A body field, or null when absent. */
  public String field(String name) {
    return body.get(name);
  }

  /** The rows of a repeating group (empty when absent). */
  public List<Map<String, String>> rows(String list) {
    return Collections.unmodifiableList(lists.getOrDefault(list, List.of()));
  }

  public Map<String, String> headFields() {
    return Collections.unmodifiableMap(head);
  }

  public Map<String, String> bodyFields() {
    return Collections.unmodifiableMap(body);
  }

  public Map<String, List<Map<String, String>>> lists() {
    return Collections.unmodifiableMap(lists);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BdcMessage m && head.equals(m.head) && body.equals(m.body) && lists.equals(m.lists);
  }

  @Override
  public int hashCode() {
    return head.hashCode() * 31 + body.hashCode();
  }

  /** Names the transaction and serial only: bodies carry accounts and names that never reach a log. */
  @Override
  public String toString() {
    return "BdcMessage[" + head.get("TxCode") + " " + head.get("SendSeqNo") + "]";
  }
}
