package hpf.boot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal identifiers (resident ID, bank card, mobile phone numbers) for logs and responses:
 * {@code 350102********1234}, {@code 6222********1234}, {@code 138****5678}.
 */
public final class Masking {

  // Digit runs not embedded in longer digit runs: 18-char IDs (last may be X), 16-19 digit cards, 11-digit mobiles.
  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
  private static final Pattern CARD_NUMBER = Pattern.compile("(?<!\\d)\\d{16,19}(?!\\d)");
  private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

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

  /** Masks every identifier found in free text; used by the log encoder for every message. */
  public static String maskAll(String text) {
    if (text == null || text.length() < 11) {
      return text;
    }
    String masked = replace(ID_NUMBER, text, 6, 4);
    masked = replace(CARD_NUMBER, masked, 4, 4);
    return replace(MOBILE, masked, 3, 4);
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
