package hpf.load;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The signed-in users of the channel workloads, as Gatling feeders (session attributes {@code app}, {@code token}
 * and the ids a request needs): the sandbox members in the mobile app, a mini-program and a kiosk, the demo
 * employer in the online hall, visitors of the apps who have not signed in (the loan calculator), and counter staff
 * serving the generated members and employers (docs/dataset.md: P10000001…, E10000001…; {@code
 * HPF_LOAD_GENERATED_MEMBERS} 300, {@code HPF_LOAD_GENERATED_EMPLOYERS} 8). The sessions are opened once, before
 * the load.
 */
final class ChannelUsers {

  private static final int GENERATED_MEMBERS = Target.number("HPF_LOAD_GENERATED_MEMBERS", 300);
  private static final int GENERATED_EMPLOYERS = Target.number("HPF_LOAD_GENERATED_EMPLOYERS", 8);

  private final DemoSessions sessions;
  private final List<Map<String, Object>> mobile;
  private final List<Map<String, Object>> miniProgram;
  private final List<Map<String, Object>> kiosk;
  private final Map<String, Object> employer;
  private final String staffToken;

  ChannelUsers(DemoSessions sessions) {
    this.sessions = sessions;
    this.mobile = members(ChannelApp.MOBILE);
    this.miniProgram = members(ChannelApp.MINI_PROGRAM);
    this.kiosk = members(ChannelApp.KIOSK);
    this.employer = Map.of("app", ChannelApp.ONLINE_HALL.appId, "token", sessions.employer(ChannelApp.ONLINE_HALL),
        "employerId", DemoSessions.EMPLOYER_ID);
    this.staffToken = sessions.staff("counter.li");
  }

  private List<Map<String, Object>> members(ChannelApp app) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (String[] member : DemoSessions.MEMBERS) {
      records.add(Map.of("app", app.appId, "token", sessions.member(app, member[1]), "personId", member[0]));
    }
    return records;
  }

  Iterator<Map<String, Object>> mobile() {
    return randomOf(mobile);
  }

  Iterator<Map<String, Object>> miniProgram() {
    return randomOf(miniProgram);
  }

  Iterator<Map<String, Object>> kiosk() {
    return randomOf(kiosk);
  }

  Iterator<Map<String, Object>> employer() {
    return randomOf(List.of(employer));
  }

  /** Someone in the mobile app, a mini-program or the online hall without signing in (the loan calculator). */
  Iterator<Map<String, Object>> anonymous() {
    return randomOf(List.of(Map.of("app", ChannelApp.MOBILE.appId), Map.of("app", ChannelApp.MINI_PROGRAM.appId),
        Map.of("app", ChannelApp.ONLINE_HALL.appId)));
  }

  /** Counter staff, each time over a random generated member and employer. */
  Iterator<Map<String, Object>> counter() {
    return Stream.generate((Supplier<Map<String, Object>>) () -> Map.of(
        "app", ChannelApp.COUNTER.appId, "token", staffToken,
        "personId", String.format("P%08d", 10000001 + ThreadLocalRandom.current().nextInt(GENERATED_MEMBERS)),
        "employerId", String.format("E%08d", 10000001 + ThreadLocalRandom.current().nextInt(GENERATED_EMPLOYERS))))
        .iterator();
  }

  private static Iterator<Map<String, Object>> randomOf(List<Map<String, Object>> records) {
    return Stream.generate((Supplier<Map<String, Object>>)
        () -> records.get(ThreadLocalRandom.current().nextInt(records.size()))).iterator();
  }
}
