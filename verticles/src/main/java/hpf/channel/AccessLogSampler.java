package hpf.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Keeps the access log readable, and its disk, under a flood of refusals: of each 4xx status at most
 * {@link #PER_SECOND} lines a second per listener instance are written; the rest are counted, and one summary line
 * per status says how many were left out (written with the first answer after that second). Every 1xx, 2xx, 3xx and
 * 5xx answer is still logged. A flood of 401 does not hide the 400s and 429s: each status has its own allowance.
 */
final class AccessLogSampler {

  static final int PER_SECOND = 20;

  private final Logger log;
  private final String listener;
  private final MeterRegistry registry;
  private final LongSupplier nanos;
  private final int[] written = new int[100];
  private final int[] left = new int[100];
  private long second;
  private boolean pending;

  AccessLogSampler(Logger log, String listener, MeterRegistry registry, LongSupplier nanos) {
    this.log = log;
    this.listener = listener;
    this.registry = registry;
    this.nanos = nanos;
    this.second = nanos.getAsLong() / 1_000_000_000L;
  }

  /** Whether this answer's line is written; first writes the summary of the second that ended, if any. */
  boolean admit(int status) {
    int[] summary = null;
    boolean write;
    synchronized (this) {
      long now = nanos.getAsLong() / 1_000_000_000L;
      if (now != second) {
        if (pending) {
          summary = left.clone();
        }
        Arrays.fill(written, 0);
        Arrays.fill(left, 0);
        pending = false;
        second = now;
      }
      if (status < 400 || status > 499) {
        write = true;
      } else if (written[status - 400] < PER_SECOND) {
        written[status - 400]++;
        write = true;
      } else {
        left[status - 400]++;
        pending = true;
        write = false;
      }
    }
    if (summary != null) {
      summarize(summary);
    }
    if (!write) {
      Counter.builder("hpf_access_log_suppressed")
          .description("Access log lines left out under a flood of one 4xx status (summarized once a second)")
          .tags("listener", listener, "status", Integer.toString(status)).register(registry).increment();
    }
    return write;
  }

  private void summarize(int[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        log.atInfo().addKeyValue("listener", listener).addKeyValue("status", 400 + i)
            .addKeyValue("suppressed", counts[i]).addKeyValue("perSecond", PER_SECOND)
            .log("access lines suppressed: " + counts[i] + " answers with status " + (400 + i) + " in one second");
      }
    }
  }
}
