package hpf.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals and text blocks of a Java source file, comments and character literals skipped; literals joined
 * only by {@code +} count as one ({@code "SELECT 1 FROM " + "person"}).
 */
final class JavaStrings {

  private JavaStrings() {}

  static List<String> of(String source) {
    List<String> literals = new ArrayList<>();
    int lastEnd = -1;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i);
      } else if (source.startsWith("/*", i)) {
        i = source.indexOf("*/", i + 2) < 0 ? n : source.indexOf("*/", i + 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = i + 3;
        while (end < n && !(source.startsWith("\"\"\"", end) && source.charAt(end - 1) != '\\')) {
          end++;
        }
        add(literals, source, lastEnd, i, source.substring(i + 3, Math.min(end, n)));
        i = end + 3;
        lastEnd = i;
      } else if (c == '"' || c == '\'') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          if (source.charAt(j) == '\\' && j + 1 < n) {
            j++;
          }
          text.append(source.charAt(j));
          j++;
        }
        if (c == '"') {
          add(literals, source, lastEnd, i, text.toString());
        }
        i = j + 1;
        lastEnd = c == '"' ? i : -1;
      } else {
        i++;
      }
    }
    return literals;
  }

  private static void add(List<String> literals, String source, int lastEnd, int start, String literal) {
    if (lastEnd >= 0 && !literals.isEmpty() && source.substring(lastEnd, start).matches("\\s*\\+\\s*")) {
      literals.set(literals.size() - 1, literals.get(literals.size() - 1) + literal);
    } else {
      literals.add(literal);
    }
  }
}
