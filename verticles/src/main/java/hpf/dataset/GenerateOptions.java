package hpf.dataset;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** The options of the generate command; {@code lastEndedMonth} is the default of --through. */
public record GenerateOptions(DatasetSpec spec, boolean add, boolean allowProduction, boolean check, String configFile) {

  public static GenerateOptions parse(String[] args, YearMonth lastEndedMonth) {
    Integer members = null;
    Integer employers = null;
    int months = 12;
    YearMonth through = lastEndedMonth;
    long seed = DatasetSpec.DEFAULT_SEED;
    double loanShare = DatasetSpec.DEFAULT_LOAN_SHARE;
    boolean add = false;
    boolean allowProduction = false;
    boolean check = true;
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--add" -> add = true;
        case "--allow-production" -> allowProduction = true;
        case "--no-check" -> check = false;
        case "--members", "--employers", "--months", "--through", "--seed", "--loans", "--config" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(option + ": a value is missing");
          }
          String value = args[++i];
          switch (option) {
            case "--members" -> members = (int) number(option, value, Integer.MAX_VALUE);
            case "--employers" -> employers = (int) number(option, value, Integer.MAX_VALUE);
            case "--months" -> months = (int) number(option, value, Integer.MAX_VALUE);
            case "--through" -> through = month(value);
            case "--seed" -> seed = number(option, value, Long.MAX_VALUE);
            case "--loans" -> loanShare = percent(option, value);
            default -> configFile = value;
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (members == null) {
      throw new IllegalArgumentException("--members is required");
    }
    if (through.isAfter(lastEndedMonth)) {
      throw new IllegalArgumentException("--through: a month that has ended, at the latest " + lastEndedMonth);
    }
    DatasetSpec spec = new DatasetSpec(members, employers == null ? DatasetSpec.defaultEmployers(members) : employers,
        months, through, seed, loanShare);
    return new GenerateOptions(spec, add, allowProduction, check, configFile);
  }

  /** A whole number from 0 to {@code max}; underscores may group digits (1_000_000). */
  private static long number(String option, String value, long max) {
    try {
      long n = Long.parseLong(value.replace("_", ""));
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": a whole number from 0 to " + max + ", not '" + value + "'");
  }

  /** A percentage from 0 to 100 (decimals allowed: 0.5), as a share. */
  private static double percent(String option, String value) {
    try {
      double p = Double.parseDouble(value);
      if (p >= 0 && p <= 100) {
        return p / 100;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": a percentage from 0 to 100, not '" + value + "'");
  }

  private static YearMonth month(String value) {
    try {
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--through: a month as YYYY-MM, not '" + value + "'");
    }
  }
}
