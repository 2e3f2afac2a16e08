package hpf.identity;

import java.util.Locale;

/**
 * Checks of national identifiers: resident ID numbers (GB 11643, ISO 7064 MOD 11-2 check character),
 * unified social credit codes (GB 32100, weighted mod 31), mainland mobile numbers.
 */
public final class Identifiers {

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";
  private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private Identifiers() {}

  /** Upper-cases the check character; the form used for storage, comparison and the blind index. */
  public static String normalizeIdNumber(String value) {
    return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
  }

  public static boolean isIdNumber(String value) {
    String id = normalizeIdNumber(value);
    if (id == null || !id.matches("[0-9]{17}[0-9X]")) {
      return false;
    }
    return id.charAt(17) == idCheckCharacter(id.substring(0, 17)) && hasValidBirthDate(id);
  }

  /** Digits 7-14 are a real date, not after today: rules that read the age (retirement) can rely on it. */
  private static boolean hasValidBirthDate(String id) {
    try {
      java.time.LocalDate birth = java.time.LocalDate.parse(id.substring(6, 14),
          java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      return birth.getYear() >= 1900 && !birth.isAfter(java.time.LocalDate.now());
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  public static char idCheckCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK.charAt(sum % 11);
  }

  public static boolean isCreditCode(String value) {
    if (value == null || value.length() != 18) {
      return false;
    }
    String code = value.toUpperCase(Locale.ROOT);
    for (int i = 0; i < 18; i++) {
      if (CREDIT_CHARS.indexOf(code.charAt(i)) < 0) {
        return false;
      }
    }
    return code.charAt(17) == creditCheckCharacter(code.substring(0, 17));
  }

  public static char creditCheckCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += CREDIT_CHARS.indexOf(first17.charAt(i)) * CREDIT_WEIGHTS[i];
    }
    return CREDIT_CHARS.charAt((31 - sum % 31) % 31);
  }

  public static boolean isMobile(String value) {
    return value != null && value.matches("1[3-9][0-9]{9}");
  }
}
