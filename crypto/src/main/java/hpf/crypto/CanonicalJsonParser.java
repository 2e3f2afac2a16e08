package hpf.crypto;

import static hpf.crypto.CanonicalJson.MAX_DEPTH;
import static hpf.crypto.CanonicalJson.MAX_DIGITS;
import static hpf.crypto.CanonicalJson.MAX_EXPONENT;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The strict, bounded reader behind {@link CanonicalJson#parse}: one pass, no recursion deeper than {@code MAX_DEPTH}. */
final class CanonicalJsonParser {

  private final String s;
  private int pos;
  private int depth;

  CanonicalJsonParser(String s) {
    this.s = s;
  }

  Object value() {
    skipSpace();
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    if ((c == '{' || c == '[') && depth >= MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    return switch (c) {
      case '{' -> nested(true);
      case '[' -> nested(false);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Object nested(boolean object) {
    depth++;
    Object value = object ? object() : array();
    depth--;
    return value;
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek('}')) {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (!peek('"')) {
        throw error("expected a member name");
      }
      String name = string();
      skipSpace();
      expect(':');
      if (map.containsKey(name)) {
        throw error("duplicate member " + name);
      }
      map.put(name, value());
      skipSpace();
      if (peek(',')) {
        pos++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek(']')) {
      pos++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek(',')) {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        if (pos >= s.length()) {
          break;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short unicode escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int hex = Character.digit(s.charAt(pos++), 16);
              if (hex < 0) {
                throw error("bad unicode escape");
              }
              code = code * 16 + hex;
            }
            out.append((char) code);
          }
          default -> throw error("bad escape");
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        out.append(c);
      }
    }
    throw error("unterminated string");
  }

  /** RFC 8259 number grammar, with at most {@link #MAX_DIGITS} mantissa digits and |exponent| ≤ {@link #MAX_EXPONENT}. */
  private Object number() {
    int start = pos;
    if (peek('-')) {
      pos++;
    }
    int intStart = pos;
    int digits = digits();
    if (digits == 0 || (digits > 1 && s.charAt(intStart) == '0')) {
      throw error(digits == 0 ? "unexpected character" : "leading zero");
    }
    boolean decimal = false;
    if (peek('.')) {
      pos++;
      int fraction = digits();
      if (fraction == 0) {
        throw error("bad number");
      }
      digits += fraction;
      decimal = true;
    }
    if (digits > MAX_DIGITS) {
      throw error("number longer than " + MAX_DIGITS + " digits");
    }
    if (peek('e') || peek('E')) {
      pos++;
      if (peek('+') || peek('-')) {
        pos++;
      }
      int expStart = pos;
      int expDigits = digits();
      if (expDigits == 0) {
        throw error("bad number");
      }
      String exponent = s.substring(expStart, pos).replaceFirst("^0+(?=.)", "");
      if (exponent.length() > 4 || Integer.parseInt(exponent) > MAX_EXPONENT) {
        throw error("exponent beyond " + MAX_EXPONENT);
      }
      decimal = true;
    }
    String n = s.substring(start, pos);
    if (decimal) {
      return new BigDecimal(n);
    }
    BigInteger big = new BigInteger(n);
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private int digits() {
    int from = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
    }
    return pos - from;
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
    return value;
  }

  boolean atEnd() {
    return pos == s.length();
  }

  void skipSpace() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  CryptoException error(String what) {
    return new CryptoException("malformed JSON at " + pos + ": " + what);
  }
}
