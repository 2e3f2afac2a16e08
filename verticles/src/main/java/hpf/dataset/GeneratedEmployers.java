package hpf.dataset;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The employers of a chunk: registered between 1995 and a year before the period (so every one has paid each month
 * of it), a contribution ratio the policy allows, a company name and a credit code unique in the data set and in the
 * center, and an employer id from the center's own sequence.
 */
final class GeneratedEmployers {

  private static final LocalDate EARLIEST = LocalDate.of(1995, 1, 1);

  private final DatasetSpec spec;
  private final Population population;
  private final Terms terms;
  private final Registry registry;
  private final Set<String> codes = new HashSet<>();
  private final Set<String> names = new HashSet<>();

  GeneratedEmployers(DatasetSpec spec, Population population, Terms terms, Registry registry) {
    this.spec = spec;
    this.population = population;
    this.terms = terms;
    this.registry = registry;
  }

  List<Rows.Employer> draw(int from, int to) {
    int n = to - from;
    SplittableRandom[] randoms = new SplittableRandom[n];
    LocalDate[] opened = new LocalDate[n];
    BigDecimal[] ratios = new BigDecimal[n];
    String[] names = new String[n];
    String[] codes = new String[n];
    LocalDate latest = spec.firstMonth().atDay(1).minusYears(1);
    for (int i = 0; i < n; i++) {
      randoms[i] = Draws.stream(spec.seed(), "employer", from + i);
      opened[i] = Draws.day(randoms[i], EARLIEST, latest);
      ratios[i] = terms.ratio(randoms[i]);
      names[i] = uniqueName(randoms[i], population.large(from + i));
      codes[i] = uniqueCode(randoms[i], opened[i]);
    }
    redrawCodesInUse(randoms, opened, codes);
    long[] ids = registry.next("employer_number", n);
    List<Rows.Employer> employers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      employers.add(new Rows.Employer(from + i, String.format("E%08d", ids[i]), codes[i], names[i], ratios[i], opened[i]));
    }
    return employers;
  }

  /** A code the center already gave to an employer outside this data set is drawn again, until none is. */
  private void redrawCodesInUse(SplittableRandom[] randoms, LocalDate[] opened, String[] codes) {
    Set<String> inUse = registry.creditCodesInUse(List.of(codes));
    while (!inUse.isEmpty()) {
      List<String> redrawn = new ArrayList<>();
      for (int i = 0; i < codes.length; i++) {
        if (inUse.contains(codes[i])) {
          codes[i] = uniqueCode(randoms[i], opened[i]);
          redrawn.add(codes[i]);
        }
      }
      inUse = registry.creditCodesInUse(redrawn);
    }
  }

  private String uniqueCode(SplittableRandom random, LocalDate opened) {
    String code;
    do {
      code = SyntheticIdentifiers.creditCode(random, opened);
    } while (!codes.add(code));
    return code;
  }

  /** Short brands first; a longer brand when the city has run out of short ones. */
  private String uniqueName(SplittableRandom random, boolean large) {
    for (int attempt = 0; ; attempt++) {
      String name = ChineseNames.employer(random, large, 2 + attempt / 8);
      if (names.add(name)) {
        return name;
      }
    }
  }
}
