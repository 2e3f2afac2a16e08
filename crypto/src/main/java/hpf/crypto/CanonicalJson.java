package hpf.crypto;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON form that is signed: object members sorted by name (UTF-16 order, as RFC 8785), no
 * whitespace, minimal string escapes, integers and decimals written plainly. Floating point is refused:
 * money and counters are exact here, and float formatting would make signatures implementation-defined.
 * Also a small strict parser (duplicate names refused) so signed payloads can be read without a library.
 *
 * <p>Both directions are bounded, because documents reach the parser from anyone (certificate verification needs
 * no signature): a number such as {@code 1e2000000000} is 12 characters but its plain form is two billion, and
 * {@code [[[[...} a hundred thousand deep would overflow the stack. Beyond a bound the answer is a
 * {@link CryptoException}, at a cost proportional to the input.
 */
public final class CanonicalJson {

  /** Longest text the parser reads, in characters. */
  public static final int MAX_INPUT_CHARS = 1 << 20;
  /** Deepest nesting of objects and arrays, for the parser and the writer. */
  public static final int MAX_DEPTH = 32;
  /** Most digits of a number's mantissa (integer and fraction digits together): money is 20 at most. */
  public static final int MAX_DIGITS = 40;
  /**
   * Largest absolute exponent a parsed number may carry ({@code 1e100}). Money and counters need none; a larger one
   * would let a few bytes of input expand to a long plain form when written (many such numbers in one small body
   * made seconds of work).
   */
  public static final int MAX_EXPONENT = 100;
  /** Longest plain form the writer produces for one number (precision plus absolute scale). */
  public static final int MAX_PLAIN_CHARS = MAX_DIGITS + MAX_EXPONENT + 2;
  /** Longest canonical text the writer produces: twice the longest input, whatever the input's numbers expand to. */
  public static final int MAX_OUTPUT_CHARS = 2 * MAX_INPUT_CHARS;

  private CanonicalJson() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CryptoException("not canonical JSON: nested deeper than " + MAX_DEPTH);
    }
    if (out.length() > MAX_OUTPUT_CHARS) {
      throw new CryptoException("not canonical JSON: longer than " + MAX_OUTPUT_CHARS + " characters");
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      out.append(value);
    } else if (value instanceof BigInteger i) {
      // toString of a huge integer is quadratic; about 3.3 bits a digit.
      if (i.bitLength() > MAX_PLAIN_CHARS * 4) {
        throw new CryptoException("not canonical JSON: integer too long");
      }
      out.append(i);
    } else if (value instanceof BigDecimal d) {
      // The plain form has about precision + |scale| characters: 1E+2000000000 is two billion zeros.
      if ((long) d.precision() + Math.abs((long) d.scale()) > MAX_PLAIN_CHARS) {
        throw new CryptoException("not canonical JSON: number too long in plain form");
      }
      out.append(d.toPlainString());
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out, depth + 1);
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(item, out, depth + 1);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not canonical JSON: " + value.getClass().getSimpleName()
          + " (use String, Long, BigDecimal, Boolean, Map, List)");
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Parses one JSON value: objects as ordered maps, integers as Long or BigInteger, fractions as BigDecimal. */
  public static Object parse(String text) {
    if (text.length() > MAX_INPUT_CHARS) {
      throw new CryptoException("malformed JSON: longer than " + MAX_INPUT_CHARS + " characters");
    }
    CanonicalJsonParser p = new CanonicalJsonParser(text);
    Object value = p.value();
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("trailing characters");
    }
    return value;
  }
}
