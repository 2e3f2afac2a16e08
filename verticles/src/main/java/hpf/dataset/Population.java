package hpf.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who works where. Employer sizes are skewed as in any city: the k-th largest employer has a weight of k^-0.8, so
 * with 1,000,000 members and 40,000 employers the largest has about 26,000 members and the median one about 10.
 * Every employer has at least one member, its anchor (member {@code e} for employer {@code e}), who stays for the
 * whole period, so every employer has a remittance list every month and its months have no gaps. The work is cut into
 * chunks of consecutive employers, each generated and written whole.
 */
final class Population {

  static final int CHUNK_MEMBERS = 20_000;
  private static final double SIZE_EXPONENT = 0.8;

  private final int[] start;
  private final int[] byEmployer;

  private Population(int[] start, int[] byEmployer) {
    this.start = start;
    this.byEmployer = byEmployer;
  }

  static Population plan(DatasetSpec spec) {
    int employers = spec.employers();
    int[] rank = shuffledRanks(employers, Draws.stream(spec.seed(), "employer-rank", 0));
    double[] weights = new double[employers];
    for (int e = 0; e < employers; e++) {
      weights[e] = Math.pow(rank[e] + 1, -SIZE_EXPONENT);
    }
    double[] cumulative = Draws.cumulative(weights);
    int[] employerOf = new int[spec.members()];
    int[] count = new int[employers + 1];
    for (int m = 0; m < employerOf.length; m++) {
      employerOf[m] = m < employers ? m : Draws.weighted(Draws.stream(spec.seed(), "member-employer", m), cumulative);
      count[employerOf[m] + 1]++;
    }
    for (int e = 0; e < employers; e++) {
      count[e + 1] += count[e];
    }
    int[] start = count.clone();
    int[] byEmployer = new int[employerOf.length];
    for (int m = 0; m < employerOf.length; m++) {
      byEmployer[count[employerOf[m]]++] = m;
    }
    return new Population(start, byEmployer);
  }

  int employers() {
    return start.length - 1;
  }

  int size(int employer) {
    return start[employer + 1] - start[employer];
  }

  /** The {@code k}-th member of the employer, in member order; k = 0 is the anchor. */
  int member(int employer, int k) {
    return byEmployer[start[employer] + k];
  }

  /** A large employer: at least ten times the average size. */
  boolean large(int employer) {
    return (long) size(employer) * employers() >= 10L * byEmployer.length;
  }

  /** Consecutive employer ranges [from, to) of about {@link #CHUNK_MEMBERS} members (a large employer alone). */
  List<int[]> chunks() {
    List<int[]> chunks = new ArrayList<>();
    int from = 0;
    for (int e = 0; e < employers(); e++) {
      if (start[e + 1] - start[from] >= CHUNK_MEMBERS || e == employers() - 1) {
        chunks.add(new int[] {from, e + 1});
        from = e + 1;
      }
    }
    return chunks;
  }

  private static int[] shuffledRanks(int n, SplittableRandom random) {
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    return rank;
  }
}
