package hpf.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of POSIX shell the docs' command pages use: words split at blanks, '…' literal, "…" with \" \\ \$
 * escapes and $NAME expansion, bare $NAME expansion, and a trailing # comment. Enough to run the pages as written.
 */
final class Shell {

  /** A line's code (unexpanded) and its trailing comment (trimmed, empty when none). */
  record Line(String code, String comment) {}

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

  private Shell() {}

  /** Splits off a comment: a # at the start of a word, outside quotes. */
  static Line parse(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return new Line(line.substring(0, i).trim(), line.substring(i + 1).trim());
      }
      if (c == '\\' && quote != '\'') {
        i++;
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    return new Line(line.trim(), "");
  }

  /** The words of a command, variables expanded; an unknown variable fails. */
  static List<String> words(String code, Map<String, String> variables) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        i++;
        continue;
      }
      word = word == null ? new StringBuilder() : word;
      if (c == '\'') {
        int end = code.indexOf('\'', i + 1);
        word.append(code, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i++;
        StringBuilder quoted = new StringBuilder();
        while (code.charAt(i) != '"') {
          char q = code.charAt(i);
          if (q == '\\' && "\"\\$".indexOf(code.charAt(i + 1)) >= 0) {
            quoted.append(code.charAt(i + 1) == '$' ? "\u0000" : code.charAt(i + 1));
            i += 2;
          } else {
            quoted.append(q);
            i++;
          }
        }
        word.append(expand(quoted.toString(), variables).replace('\u0000', '$'));
        i++;
      } else {
        int end = i;
        while (end < code.length() && !Character.isWhitespace(code.charAt(end)) && code.charAt(end) != '\''
            && code.charAt(end) != '"') {
          end++;
        }
        word.append(expand(code.substring(i, end), variables));
        i = end;
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static String expand(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("$" + m.group(1) + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }
}
