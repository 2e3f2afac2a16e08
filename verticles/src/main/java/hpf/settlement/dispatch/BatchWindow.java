package hpf.settlement.dispatch;

import hpf.kit.BusinessTime;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The night window (Beijing time) in which same-bank payouts go out in batch files instead of one by one; it may
 * run over midnight ({@code 22:00-06:00}). {@link #NEVER} is no window: batches only on an operator's request.
 */
public record BatchWindow(LocalTime from, LocalTime to) {

  public static final BatchWindow NEVER = new BatchWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
  public static final BatchWindow NIGHT = new BatchWindow(LocalTime.of(22, 0), LocalTime.of(6, 0));

  /** {@code HH:mm-HH:mm}, or {@code off}; IllegalArgumentException otherwise. */
  public static BatchWindow parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.equalsIgnoreCase("off")) {
      return NEVER;
    }
    String[] parts = value.split("-");
    try {
      if (parts.length == 2) {
        return new BatchWindow(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
      }
    } catch (DateTimeParseException e) {
      // falls through to the one message below
    }
    throw new IllegalArgumentException("a window is HH:mm-HH:mm (Beijing time, may cross midnight) or off");
  }

  /** Whether the instant falls in the window: from inclusive, to exclusive; from = to is no window at all. */
  public boolean contains(Instant instant) {
    LocalTime t = instant.atZone(BusinessTime.ZONE).toLocalTime();
    if (from.equals(to)) {
      return false;
    }
    return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
  }

  @Override
  public String toString() {
    return from.equals(to) ? "off" : from + "-" + to;
  }
}
