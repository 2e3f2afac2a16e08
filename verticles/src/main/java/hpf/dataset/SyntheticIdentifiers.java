package hpf.dataset;

import hpf.identity.Identifiers;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Identifiers that pass the national checks: resident ID numbers (GB 11643: region, birth date, sequence whose
 * last digit is odd for men, ISO 7064 MOD 11-2 check), unified social credit codes (GB 32100 with an organisation
 * code carrying its own GB 11714 check), mobile numbers, and partner-bank debit card numbers (Luhn).
 */
final class SyntheticIdentifiers {

  /**
   * Where the people of a Xiamen center were registered at birth: mostly Fujian, Xiamen's districts above all, and
   * the provinces that send workers. (思明区 350203 is not among them: the tests draw their random people there.)
   */
  private static final String[] BIRTH_REGIONS = {
      "350205", "350206", "350211", "350212", "350213", "350102", "350104", "350111", "350181", "350182", "350302",
      "350322", "350502", "350521", "350524", "350581", "350582", "350583", "350602", "350623", "350681", "350702",
      "350802", "350902", "360102", "360721", "430102", "420102", "410105", "440305", "445102", "510104", "330106",
      "320102", "340104", "370202", "130102"};
  private static final double[] BIRTH_REGION_WEIGHTS = Draws.cumulative(
      8, 8, 8, 6, 6, 3, 3, 3, 3, 2, 2, 2, 4, 3, 3, 3, 4, 3, 4, 2, 2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1);
  /** Where generated employers are registered: the city and its districts. */
  private static final String[] EMPLOYER_REGIONS = {"350200", "350203", "350205", "350206", "350211", "350212", "350213"};
  private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
  private static final String[] MOBILE_PREFIXES = {"13", "15", "17", "18", "19"};
  private static final DateTimeFormatter BIRTH = DateTimeFormatter.BASIC_ISO_DATE;
  /** Debit card ranges (BIN) of the partner banks, by bank code. */
  static final String[] BANKS = {"102", "103", "104", "105", "301"};
  private static final String[] BINS = {"622202", "622848", "621661", "621700", "622262"};
  static final double[] BANK_WEIGHTS = Draws.cumulative(30, 20, 15, 25, 10);

  private SyntheticIdentifiers() {}

  /** The first 17 characters of an ID number as a number (region, birth date, sequence): what must be unique. */
  static long idBody(SplittableRandom random, LocalDate birthday, boolean male) {
    String region = BIRTH_REGIONS[Draws.weighted(random, BIRTH_REGION_WEIGHTS)];
    int sequence = random.nextInt(500) * 2 + (male ? 1 : 0);
    return Long.parseLong(region + birthday.format(BIRTH) + String.format("%03d", sequence));
  }

  static String idNumber(long body) {
    String first17 = Long.toString(body);
    return first17 + Identifiers.idCheckCharacter(first17);
  }

  /**
   * A credit code of an enterprise registered with the market regulator (91): registration region, organisation
   * code, check character. Employers registered before 2015 kept their numeric organisation code; later ones got
   * the "MA" series.
   */
  static String creditCode(SplittableRandom random, LocalDate registered) {
    StringBuilder org = new StringBuilder(9);
    if (registered.getYear() < 2015) {
      for (int i = 0; i < 8; i++) {
        org.append((char) ('0' + random.nextInt(10)));
      }
    } else {
      org.append("MA");
      for (int i = 0; i < 6; i++) {
        org.append(CREDIT_CHARS.charAt(random.nextInt(CREDIT_CHARS.length())));
      }
    }
    org.append(organisationCheck(org));
    String first17 = "91" + EMPLOYER_REGIONS[random.nextInt(EMPLOYER_REGIONS.length)] + org;
    return first17 + Identifiers.creditCheckCharacter(first17);
  }

  /** GB 11714 check character of an 8-character organisation code body. */
  static char organisationCheck(CharSequence body) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char c = body.charAt(i);
      sum += (Character.isDigit(c) ? c - '0' : c - 'A' + 10) * ORG_WEIGHTS[i];
    }
    int check = 11 - sum % 11;
    return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
  }

  static String mobile(SplittableRandom random) {
    return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + String.format("%09d", random.nextInt(1_000_000_000));
  }

  /** A 19-digit debit card number of the bank at {@code bankIndex} of {@link #BANKS}, with its Luhn check digit. */
  static String cardNumber(SplittableRandom random, int bankIndex) {
    StringBuilder number = new StringBuilder(BINS[bankIndex]);
    for (int i = 0; i < 12; i++) {
      number.append((char) ('0' + random.nextInt(10)));
    }
    return number.append(luhnCheck(number)).toString();
  }

  private static char luhnCheck(CharSequence body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int digit = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }
}
