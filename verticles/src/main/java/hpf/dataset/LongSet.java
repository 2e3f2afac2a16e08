package hpf.dataset;

import java.util.Arrays;

/** A set of non-negative longs (open addressing): the ID numbers of a data set, 16 bytes per member, no boxing. */
final class LongSet {

  private static final long EMPTY = -1;
  private long[] slots = filled(1 << 12);
  private int size;

  /** Adds the value; false when it was already there. */
  boolean add(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("non-negative values only");
    }
    if ((size + 1) * 2L > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = spread(value) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        slots[i] = value;
        size++;
        return true;
      }
      if (slots[i] == value) {
        return false;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = filled(old.length * 2);
    size = 0;
    for (long value : old) {
      if (value != EMPTY) {
        add(value);
      }
    }
  }

  private static long[] filled(int capacity) {
    long[] array = new long[capacity];
    Arrays.fill(array, EMPTY);
    return array;
  }

  private static int spread(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
