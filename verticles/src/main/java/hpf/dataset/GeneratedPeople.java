package hpf.dataset;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A member and the member's working life in the period: aged 20 to 59, a wage around the average, usually employed
 * before the period began (10 % join during it), sometimes removed by the employer (减员: the account is sealed;
 * 6 %), and then often (40 %) taken on by another employer of the chunk, the account unsealed there (启封); 70 % have
 * bound a partner bank's card. ID numbers are unique in the data set.
 */
final class GeneratedPeople {

  private static final double JOIN_RATE = 0.10;
  private static final double SEAL_RATE = 0.06;
  private static final double MOVE_RATE = 0.40;
  private static final double CARD_RATE = 0.70;

  private final DatasetSpec spec;
  private final Terms terms;
  private final LongSet idBodies = new LongSet();
  private final LocalDate periodStart;

  GeneratedPeople(DatasetSpec spec, Terms terms) {
    this.spec = spec;
    this.terms = terms;
    this.periodStart = spec.firstMonth().atDay(1);
  }

  Rows.Person person(int member) {
    SplittableRandom random = Draws.stream(spec.seed(), "member", member);
    boolean male = random.nextBoolean();
    int age = 20 + (random.nextInt(40) + random.nextInt(40)) / 2;
    LocalDate birthday = periodStart.minusYears(age).minusDays(random.nextInt(365));
    Rows.Person person = new Rows.Person(member, random, ChineseNames.person(random, male), male, birthday,
        SyntheticIdentifiers.mobile(random), terms.wage(random));
    redrawIdNumber(person);
    return person;
  }

  /** Draws an ID number (same birthday and sex) that no one else in the data set has. */
  void redrawIdNumber(Rows.Person person) {
    long body;
    do {
      body = SyntheticIdentifiers.idBody(person.random, person.birthday, person.male);
    } while (!idBodies.add(body));
    person.idBody = body;
  }

  /**
   * The person's account, first at {@code employer}; when removed, possibly taken on by another employer of
   * {@code chunkEmployers} from the month of the removal on, the account moving along. An anchor stays throughout.
   */
  Rows.Account account(Rows.Person person, Rows.Employer employer, boolean anchor, List<Rows.Employer> chunkEmployers) {
    SplittableRandom random = person.random;
    int last = spec.months() - 1;
    int first = 0;
    LocalDate opened;
    if (anchor || last == 0 || random.nextDouble() >= JOIN_RATE) {
      LocalDate earliest = max(employer.openedOn(), person.birthday.plusYears(18));
      opened = Draws.day(random, earliest, periodStart.minusDays(1));
    } else {
      first = 1 + random.nextInt(last);
      opened = dayIn(random, first);
    }
    if (anchor || first >= last || random.nextDouble() >= SEAL_RATE) {
      return new Rows.Account(person, opened, false, List.of(new Rows.Stint(employer, first, last)));
    }
    int removal = first + 1 + random.nextInt(last - first);
    Rows.Stint before = new Rows.Stint(employer, first, removal - 1);
    if (chunkEmployers.size() > 1 && random.nextDouble() < MOVE_RATE) {
      // Any other employer of the chunk (they are consecutive, so positions follow from the indexes).
      int own = employer.index() - chunkEmployers.get(0).index();
      int pick = random.nextInt(chunkEmployers.size() - 1);
      Rows.Employer next = chunkEmployers.get(pick >= own ? pick + 1 : pick);
      return new Rows.Account(person, opened, false, List.of(before, new Rows.Stint(next, removal, last)));
    }
    return new Rows.Account(person, opened, true, List.of(before));
  }

  /** The person's bound payout card, or null: bound within three weeks of the first account, by the period's end. */
  Rows.Card card(Rows.Person person, LocalDate firstOpened) {
    SplittableRandom random = person.random;
    if (random.nextDouble() >= CARD_RATE) {
      return null;
    }
    int bank = Draws.weighted(random, SyntheticIdentifiers.BANK_WEIGHTS);
    LocalDate bound = firstOpened.plusDays(random.nextInt(21));
    LocalDate end = spec.through().atEndOfMonth();
    return new Rows.Card(person, bank, SyntheticIdentifiers.cardNumber(random, bank), bound.isAfter(end) ? end : bound);
  }

  private LocalDate dayIn(SplittableRandom random, int month) {
    return spec.month(month).atDay(1 + random.nextInt(28));
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
