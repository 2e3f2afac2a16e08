package hpf.settlement.bank;

import java.util.Map;

/**
 * A gateway that keeps persistent connections to its bank shows their state for the metrics: open (established or
 * being established), idle, in use, and how many were discarded so far and why.
 */
public interface BankConnections {

  /**
   * Why a connection was closed by the client: no complete answer in time, a broken or unreadable exchange (or bytes
   * nobody asked for), the bank closed it, or it stayed idle too long.
   */
  enum Discard {
    TIMEOUT, BROKEN, CLOSED_BY_BANK, IDLE_EXPIRED;

    /** The metric label. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One moment of the pool. */
  record State(int open, int idle, int inUse, Map<Discard, Long> discarded) {

    public long discarded(Discard why) {
      return discarded.getOrDefault(why, 0L);
    }
  }

  String bankCode();

  State connections();
}
