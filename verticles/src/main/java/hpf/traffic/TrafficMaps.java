package hpf.traffic;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;

/**
 * Hazelcast settings of the traffic counters: one synchronous backup (a counted unit survives the loss of its
 * owner; the caller hears of it only once the backup has it) and, for the per-member windows, a time-to-live longer
 * than the longest window (a day) so windows long past go away by themselves.
 */
public final class TrafficMaps {

  private TrafficMaps() {}

  public static void configure(Config hz) {
    hz.addMapConfig(new MapConfig(SharedCounters.QUOTAS).setBackupCount(1).setAsyncBackupCount(0)
        .setReadBackupData(false));
    hz.addMapConfig(new MapConfig(SharedCounters.MEMBERS).setBackupCount(1).setAsyncBackupCount(0)
        .setTimeToLiveSeconds(26 * 3600));
  }
}
