package hpf.identity;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/** Identity numbers for people a test registers: valid (GB 11643) and random enough not to meet each other. */
public final class TestIdentities {

  private TestIdentities() {}

  /** A resident ID number of 厦门思明 born 1970–2002, with a random sequence: about 12 million possibilities. */
  public static String newIdNumber() {
    LocalDate birthday = LocalDate.of(1970, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(12_000));
    String first17 = "350203" + birthday.toString().replace("-", "")
        + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
    return first17 + Identifiers.idCheckCharacter(first17);
  }

  /** A resident ID number of someone born on {@code birthday}, of the given sex (odd 17th digit: male). */
  public static String newIdNumber(LocalDate birthday, boolean male) {
    int sequence = ThreadLocalRandom.current().nextInt(500) * 2 + (male ? 1 : 0);
    String first17 = "350203" + birthday.toString().replace("-", "") + String.format("%03d", sequence);
    return first17 + Identifiers.idCheckCharacter(first17);
  }

  /**
   * A resident ID number whose sandbox data-source answers are chosen: {@code a} and {@code b} are the first two
   * sequence digits the sandbox reads (marriage by a; housing, accounts elsewhere, death by b: see SourceFacts).
   */
  public static String newIdNumber(LocalDate birthday, boolean male, int a, int b) {
    int sexDigit = ThreadLocalRandom.current().nextInt(5) * 2 + (male ? 1 : 0);
    String first17 = "350203" + birthday.toString().replace("-", "") + a + b + sexDigit;
    return first17 + Identifiers.idCheckCharacter(first17);
  }
}
