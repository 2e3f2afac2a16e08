package hpf.identity;

import java.security.SecureRandom;

/**
 * Operator passwords: at least 12 characters, at most 128, from at least three of the four classes (upper case,
 * lower case, digits, symbols), not containing the account name. Initial passwords are random and meet it.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 12;
  private static final int MAX_LENGTH = 128;
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "@#%+=-_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordPolicy() {}

  /** Why the password is refused, in the operator's language; null when it is acceptable. */
  static String refusal(String username, String password) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      return "口令长度须为 " + MIN_LENGTH + " 至 " + MAX_LENGTH + " 个字符。";
    }
    int classes = (password.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
        + (password.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
        + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
        + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
    if (classes < 3) {
      return "口令须包含大写字母、小写字母、数字、符号中的至少三类。";
    }
    if (username != null && password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
      return "口令不能包含账号名。";
    }
    return null;
  }

  /** A random initial password of 16 characters with all four classes (no look-alike characters). */
  static String initial() {
    String all = UPPER + LOWER + DIGITS + SYMBOLS;
    StringBuilder out = new StringBuilder();
    for (String required : new String[] {UPPER, LOWER, DIGITS, SYMBOLS}) {
      out.append(required.charAt(RANDOM.nextInt(required.length())));
    }
    while (out.length() < 16) {
      out.append(all.charAt(RANDOM.nextInt(all.length())));
    }
    // Shuffle, so the required classes are not always in the first four places.
    for (int i = out.length() - 1; i > 0; i--) {
      int j = RANDOM.nextInt(i + 1);
      char c = out.charAt(i);
      out.setCharAt(i, out.charAt(j));
      out.setCharAt(j, c);
    }
    return out.toString();
  }
}
