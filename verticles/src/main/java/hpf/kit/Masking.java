package hpf.kit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal identifiers (resident ID, bank card, mobile phone numbers) for logs and responses:
 * {@code 350102********1234}, {@code 6222********1234}, {@code 138****5678}.
 */
public final class Masking {

  // Digit runs not embedded in longer digit runs, whatever letters touch them (id350102199001011234x is still an ID):
  // 18-char IDs (last may be X), 16-19 digit cards, 11-digit mobiles, also with +86 / 0086 / 86 in front and written
  // in groups (+86 138 1234 5678, 138-1234-5678).
  private static final Pattern ID_NUMBER = Pattern.compile("(?<!\\d)\\d{17}[\\dXx](?!\\d)");
  private static final Pattern CARD_NUMBER = Pattern.compile("(?<!\\d)\\d{16,19}(?!\\d)");
  // Separators and the plus may also arrive percent-encoded, as in a logged request path (%2B86%20138%201234%205678).
  private static final Pattern MOBILE = Pattern.compile(
      "(?<![\\d+])((?:\\+|%2[Bb]|00)?86(?:[ -]|%20)?)?(1[3-9]\\d)((?:[ -]|%20)?)(\\d{4})((?:[ -]|%20)?)(\\d{4})(?!\\d)");
  // Request ids and other UUIDs are hex, not identifiers: masking their digit groups made logged ids unfindable.
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Masking() {}

  /** Resident ID number: first 6 (region) and last 4 kept. */
  public static String idNumber(String value) {
    return keep(value, 6, 4);
  }

  /** Bank card number: first 4 and last 4 kept. */
  public static String bankCard(String value) {
    return keep(value, 4, 4);
  }

  /** Mobile phone number: first 3 and last 4 kept. */
  public static String phone(String value) {
    return keep(value, 3, 4);
  }

  /**
   * A person's name shown to others than the person (an employer's view): the first character (the surname, as a
   * rule) kept, every other character masked: 张三 → {@code 张*}, 欧阳娜娜 → {@code 欧***}. Counted in code points.
   */
  public static String name(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    int first = value.offsetByCodePoints(0, 1);
    return value.substring(0, first) + "*".repeat(value.codePointCount(first, value.length()));
  }

  /** Masks every identifier found in free text; used by the log encoder for every message. */
  public static String maskAll(String text) {
    if (text == null || text.length() < 11) {
      return text;
    }
    Matcher uuid = UUID.matcher(text);
    if (!uuid.find()) {
      return maskPiece(text);
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    do {
      out.append(maskPiece(text.substring(from, uuid.start()))).append(uuid.group());
      from = uuid.end();
    } while (uuid.find());
    return out.append(maskPiece(text.substring(from))).toString();
  }

  private static String maskPiece(String text) {
    if (text.length() < 11) {
      return text;
    }
    String masked = replace(ID_NUMBER, text, 6, 4);
    masked = replace(CARD_NUMBER, masked, 4, 4);
    return mobiles(masked);
  }

  /** Keeps the country prefix, the first 3 and the last 4 digits and the caller's separators; masks the middle 4. */
  private static String mobiles(String text) {
    Matcher m = MOBILE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String prefix = m.group(1) == null ? "" : m.group(1);
      m.appendReplacement(out, Matcher.quoteReplacement(prefix + m.group(2) + m.group(3) + "****" + m.group(5) + m.group(6)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static String replace(Pattern pattern, String text, int head, int tail) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      m.appendReplacement(out, Matcher.quoteReplacement(keep(m.group(), head, tail)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static String keep(String value, int head, int tail) {
    if (value == null) {
      return null;
    }
    if (value.length() <= head + tail) {
      // Too short to show any part safely.
      return "*".repeat(value.length());
    }
    return value.substring(0, head) + "*".repeat(value.length() - head - tail) + value.substring(value.length() - tail);
  }
}
