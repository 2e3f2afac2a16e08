package hpf.traffic;

import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * This member's lease on one channel's quota, guarded by its own monitor: the block it may spend with no network
 * call ({@code granted - spent}), what it told the map it spent ({@code reported}), the charges waiting for the next
 * visit to the map, and the adaptive block size. At most one visit is in flight, so reports arrive in order.
 */
final class LeaseHolding {

  /** A charge that waits for the next visit to the map. */
  record Waiter(long weight, Promise<SharedCounters.Charged> promise, ChannelPolicy policy) {}

  /** Smallest and largest block asked for: a crashed member strands at most about two blocks until the period ends. */
  static final long MIN_BLOCK = 8;
  static final long MAX_BLOCK = 256;

  final String app;
  /** The lease's number; a new one for each lease, so a report never lands on another lease. */
  long epoch;
  long granted;
  long spent;
  long reported;
  /** Units asked for on each visit beyond the waiting charges; 0 while the channel is quiet (charges go direct). */
  long want;
  boolean visiting;
  /** The block is being given back (or expired on the map): nothing more is spent from it. */
  boolean closing;
  /** The policy of the last charge: the limits of reports and give-backs made with no charge waiting. */
  ChannelPolicy policy;
  /** The limits the lease was granted under: a policy change ends it. */
  long daily = -1;
  long monthly = -1;
  boolean enforceDay;
  boolean enforceMonth;
  /** Spends since the last tick (an idle lease is given back), and in all (for the idle check near the limit). */
  long spendsSinceTick;
  long spends;
  /** The map's last answer left no room for more blocks: an idle remainder goes back at once. */
  boolean nearLimit;
  List<Waiter> waiting = new ArrayList<>();
  /** Completed once the block went back (graceful stop). */
  List<Promise<Void>> returned = new ArrayList<>();

  LeaseHolding(String app, long epoch) {
    this.app = app;
    this.epoch = epoch;
  }

  long remaining() {
    return Math.max(0, granted - spent);
  }

  /** Takes {@code weight} from the block if it holds that much under these limits. */
  boolean take(long weight, long daily, long monthly, boolean enforceDay, boolean enforceMonth) {
    if (closing || !sameLimits(daily, monthly, enforceDay, enforceMonth) || remaining() < weight) {
      return false;
    }
    spent += weight;
    spends++;
    spendsSinceTick++;
    return true;
  }

  boolean sameLimits(long daily, long monthly, boolean enforceDay, boolean enforceMonth) {
    return this.daily == daily && this.monthly == monthly && this.enforceDay == enforceDay
        && this.enforceMonth == enforceMonth;
  }

  /** Worth asking for the next block now, before the current one runs out. */
  boolean lowOnBlock() {
    return want > 0 && !visiting && !closing && !nearLimit && remaining() < want / 2;
  }

  /** Charges queued behind a visit: the channel is busy here, so blocks grow. */
  void busier() {
    want = Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, want * 2));
  }

  /** A second with fewer spends than a block: blocks shrink, down to none (every charge direct). */
  void quieter() {
    if (spendsSinceTick < want) {
      want = want / 2 < MIN_BLOCK ? 0 : want / 2;
    }
    spendsSinceTick = 0;
  }

  /** Starts a new lease (the old one was given back or ended): nothing granted, nothing spent. */
  void renew(long nextEpoch) {
    epoch = nextEpoch;
    granted = 0;
    spent = 0;
    reported = 0;
    daily = -1;
    closing = false;
  }
}
