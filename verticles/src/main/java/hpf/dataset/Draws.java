package hpf.dataset;

import hpf.crypto.Sm3;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic randomness. Every member, employer and month draws from its own stream derived from the seed and
 * its index, so what one gets never depends on the order or the thread in which the others are generated.
 */
final class Draws {

  private static final ZoneOffset CENTER_OFFSET = ZoneOffset.ofHours(8);

  private Draws() {}

  /** The stream of one thing: {@code kind} names what (member, employer, ...), {@code index} which one. */
  static SplittableRandom stream(long seed, String kind, long index) {
    return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * kind.hashCode()) + index));
  }

  /** A random-looking (version 4 layout) but reproducible id for a business key of the data set. */
  static UUID uuid(long seed, String key) {
    ByteBuffer digest = ByteBuffer.wrap(Sm3.digest((seed + ":" + key).getBytes(StandardCharsets.UTF_8)));
    long high = (digest.getLong() & ~0xF000L) | 0x4000L;
    long low = (digest.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /** An index drawn with the given cumulative weights (ascending, last = total). */
  static int weighted(SplittableRandom random, double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > x) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  static double[] cumulative(double... weights) {
    double[] out = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      out[i] = sum;
    }
    return out;
  }

  /** A day from {@code from} to {@code to}, both included. */
  static LocalDate day(SplittableRandom random, LocalDate from, LocalDate to) {
    long span = to.toEpochDay() - from.toEpochDay();
    return span <= 0 ? from : from.plusDays(random.nextLong(span + 1));
  }

  /**
   * A moment of business hours on {@code day} in the center's time zone: the hour given, minutes, seconds (never
   * :00, like the clock of a real transaction) and microseconds from {@code salt}.
   */
  static OffsetDateTime moment(LocalDate day, int hour, long salt) {
    long bits = mix(salt);
    int minute = (int) Long.remainderUnsigned(bits, 60);
    int second = 1 + (int) Long.remainderUnsigned(bits >>> 8, 59);
    int micros = (int) Long.remainderUnsigned(bits >>> 16, 1_000_000);
    return day.atTime(hour, minute, second, micros * 1000).atOffset(CENTER_OFFSET);
  }

  /** A standard normal value (Box-Muller), for wages. */
  static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
