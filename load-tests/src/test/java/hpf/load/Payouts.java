package hpf.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The payout stream's bookkeeping for BankOutageSimulation: the generated members who can be paid (a bound card),
 * taken one at a time because a member has one rent withdrawal in flight at most and given back once theirs is
 * final; every application accepted, with the settlement instruction the admin queue shows for it; and the checks
 * against the sandbox banks' books: each of our serials booked exactly once, at the bank that paid it.
 */
final class Payouts {

  /** One accepted application and, once verified, its instruction. */
  static final class Payout {
    final String applicationId;
    final String personId;
    final String payeeBank;
    final Instant appliedAt = Instant.now();
    volatile String serialNo;
    volatile String payingBank;
    volatile Instant createdAt;
    volatile Instant finishedAt;

    Payout(String applicationId, String personId, String payeeBank) {
      this.applicationId = applicationId;
      this.personId = personId;
      this.payeeBank = payeeBank;
    }

    Duration timeToPaid() {
      return Duration.between(createdAt, finishedAt);
    }
  }

  private static final Pattern BOOKINGS = Pattern.compile("\"bookingsBySerial\"\\s*:\\s*\\{([^}]*)}");
  private static final Pattern BOOKING = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\\d+)");

  private final Queue<String[]> free = new ConcurrentLinkedQueue<>();
  private final Map<String, Payout> byApplication = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  final AtomicInteger noMemberFree = new AtomicInteger();

  /** A member free to apply and the bank of its card, or null when all are in flight. */
  String[] take() {
    String[] member = free.poll();
    if (member == null) {
      noMemberFree.incrementAndGet();
    }
    return member;
  }

  void giveBack(String personId, String payeeBank) {
    free.add(new String[] {personId, payeeBank});
  }

  /** An application refused by the platform's rules, by its problem code. */
  void refused(String code) {
    refusals.computeIfAbsent(String.valueOf(code), k -> new AtomicInteger()).incrementAndGet();
  }

  Map<String, Integer> refusals() {
    Map<String, Integer> counts = new TreeMap<>();
    refusals.forEach((code, count) -> counts.put(code, count.get()));
    return counts;
  }

  int members() {
    return free.size();
  }

  void accepted(String applicationId, String personId, String payeeBank) {
    byApplication.put(applicationId, new Payout(applicationId, personId, payeeBank));
  }

  Collection<Payout> all() {
    return byApplication.values();
  }

  List<Map<String, Object>> feederRecords() {
    List<Map<String, Object>> records = new ArrayList<>();
    byApplication.values().forEach(p -> records.add(Map.of("personId", p.personId, "applicationId", p.applicationId)));
    return records;
  }

  /** One page of the admin queue (parallel lists from its JSON): attaches the instructions of our applications. */
  int attach(List<String> refs, List<String> serials, List<String> payingBanks, List<String> created,
             List<String> finished) {
    int found = 0;
    for (int i = 0; i < refs.size(); i++) {
      Payout payout = refs.get(i).startsWith("withdrawal:") ? byApplication.get(refs.get(i).substring(11)) : null;
      if (payout != null) {
        payout.serialNo = serials.get(i);
        payout.payingBank = payingBanks.get(i);
        payout.createdAt = Instant.parse(created.get(i));
        payout.finishedAt = Instant.parse(finished.get(i));
        found++;
      }
    }
    return found;
  }

  long attached() {
    return byApplication.values().stream().filter(p -> p.serialNo != null).count();
  }

  /**
   * Time from the instruction's creation to its bank's answer, per paying bank and per phase of the run (created
   * before the outage, during it, after the recovery), as lines for the console.
   */
  List<String> summary(String outageBank, Instant outageAt, Instant recoveredAt) {
    Map<String, List<Duration>> groups = new TreeMap<>();
    for (Payout p : byApplication.values()) {
      if (p.finishedAt == null) {
        continue;
      }
      String phase = p.createdAt.isBefore(outageAt) ? "1 before the outage"
          : p.createdAt.isBefore(recoveredAt) ? "2 during the outage" : "3 after the recovery";
      groups.computeIfAbsent("paid by " + p.payingBank + ", created " + phase, k -> new ArrayList<>())
          .add(p.timeToPaid());
    }
    List<String> lines = new ArrayList<>();
    groups.forEach((name, times) -> {
      times.sort(null);
      lines.add(String.format("%-48s %4d payouts, created to paid: p50 %6.1f s, p95 %6.1f s, max %6.1f s", name,
          times.size(), seconds(times.get(times.size() / 2)), seconds(times.get((int) (times.size() * 0.95))),
          seconds(times.get(times.size() - 1))));
    });
    byApplication.values().stream().filter(p -> outageBank.equals(p.payingBank) && p.finishedAt != null)
        .map(p -> p.finishedAt).max(Instant::compareTo).ifPresent(last -> lines.add(String.format(
            "last payout through %s paid %.1f s after the bank came back", outageBank,
            seconds(Duration.between(recoveredAt, last)))));
    return lines;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /**
   * Against one bank's books: what is wrong with our payouts that this bank paid (booked other than once), and any
   * serial the bank booked twice; empty when all is well.
   */
  String booksProblems(String bankCode, String books) {
    Map<String, Integer> bookings = new TreeMap<>();
    Matcher object = BOOKINGS.matcher(books);
    if (object.find()) {
      Matcher entry = BOOKING.matcher(object.group(1));
      while (entry.find()) {
        bookings.put(entry.group(1), Integer.parseInt(entry.group(2)));
      }
    }
    List<String> problems = new ArrayList<>();
    bookings.forEach((serial, count) -> {
      if (count > 1) {
        problems.add(serial + " booked " + count + " times");
      }
    });
    for (Payout payout : byApplication.values()) {
      if (bankCode.equals(payout.payingBank) && bookings.getOrDefault(payout.serialNo, 0) != 1) {
        problems.add(payout.applicationId + " (" + payout.serialNo + ") booked "
            + bookings.getOrDefault(payout.serialNo, 0) + " times");
      } else if (payout.serialNo != null && !bankCode.equals(payout.payingBank) && bookings.containsKey(payout.serialNo)) {
        problems.add(payout.applicationId + " (" + payout.serialNo + ") paid by " + payout.payingBank + " but booked here");
      }
    }
    return String.join("; ", problems);
  }
}
