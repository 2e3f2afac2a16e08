package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partner bank goes down while payouts stream in. Counter staff apply for rent withdrawals (07, 10.00, approved on
 * the rules alone) for generated members with a bound card at {@code HPF_PAYOUT_RATE}/s (5; open model), each
 * followed until it is final; after {@code HPF_BANK_HEALTHY_SECONDS} (30) the sandbox bank {@code HPF_OUTAGE_BANK}
 * (105) refuses every connection for {@code HPF_BANK_OUTAGE_SECONDS} (60), the stream goes on, the bank comes back,
 * and the stream goes on {@code HPF_BANK_AFTER_SECONDS} (30) more. The platform's own guard isolates the bank (5
 * failures) and lets it back only after its suspension (2 min) and two probes: the backlog drains then, without an
 * operator. SLOs: the bank's backlog (admin queue: PENDING, SENT, UNKNOWN) is empty within {@code HPF_DRAIN_SECONDS}
 * (180) of its recovery; afterwards nothing waits anywhere (queue and hpf_settlement_outbox_pending); every
 * application is PAID (none lost) and every one's serial is booked exactly once, at the bank that paid it, and no
 * serial twice at any bank (the sandbox banks' books); applications answered within 5 s and none failed. Needs
 * single payouts: run it with HPF_SETTLEMENT_BATCH_WINDOW=off (bench/load.sh does), or at night same-bank payouts
 * go in batch files, booked under batch serials.
 */
public class BankOutageSimulation extends Simulation {

  private static final String BANK = Target.setting("HPF_OUTAGE_BANK", "105");
  private static final int RATE = Target.number("HPF_PAYOUT_RATE", 5);
  private static final int HEALTHY_SECONDS = Target.number("HPF_BANK_HEALTHY_SECONDS", 30);
  private static final int OUTAGE_SECONDS = Target.number("HPF_BANK_OUTAGE_SECONDS", 60);
  private static final int AFTER_SECONDS = Target.number("HPF_BANK_AFTER_SECONDS", 30);
  private static final int DRAIN_SECONDS = Target.number("HPF_DRAIN_SECONDS", 180);
  private static final int GENERATED_MEMBERS = Target.number("HPF_LOAD_GENERATED_MEMBERS", 300);
  private static final String AMOUNT = "10.00";
  private static final int POLL_SECONDS = 2;
  private static final Set<String> STOP_FOLLOWING =
      Set.of("PAID", "PAYMENT_FAILED", "REJECTED", "CANCELLED", "FIRST_REVIEW", "SECOND_REVIEW");
  private static final Pattern BANK_CODE = Pattern.compile("\"bankCode\"\\s*:\\s*\"([0-9]{3})\"");

  private final DemoSessions sessions = new DemoSessions();
  private final String staffToken = sessions.staff("counter.li");
  private final Payouts payouts = new Payouts();
  private final List<String> partnerBanks = partnerBanks();
  private volatile Instant outageAt = Instant.MAX;
  private volatile Instant recoveredAt = Instant.MAX;
  private volatile Instant drainedAt;

  {
    // Every generated member with a bound card can be paid (a card at another bank goes through the clearing bank).
    for (int i = 0; i < GENERATED_MEMBERS; i++) {
      String personId = String.format("P%08d", 10000001 + i);
      HttpResponse<String> card = sessions.signedGet(ChannelApp.COUNTER, staffToken,
          "/v1/members/" + personId + "/bank-card");
      Matcher bank = BANK_CODE.matcher(card.body());
      if (card.statusCode() == 200 && bank.find()) {
        payouts.giveBack(personId, bank.group(1));
      }
    }
    System.out.printf("%d generated members with a bound card; partner banks %s; outage of %s%n", payouts.members(),
        partnerBanks, BANK);
  }

  private static List<String> partnerBanks() {
    List<String> codes = new ArrayList<>();
    Matcher bank = BANK_CODE.matcher(Controls.sandbox("GET", "/sandbox/banks", null));
    while (bank.find()) {
      codes.add(bank.group(1));
    }
    return codes;
  }

  private Session takeMember(Session session) {
    String[] member = payouts.take();
    session = session.set("app", ChannelApp.COUNTER.appId).set("token", staffToken);
    return member == null ? session : session.set("personId", member[0]).set("payeeBank", member[1])
        .set("idempotencyKey", UUID.randomUUID().toString());
  }

  private Session followed(Session session) {
    if (!STOP_FOLLOWING.contains(session.getString("state"))) {
      return session; // not final within the follow-up time: the member stays out, the verification names it
    }
    payouts.giveBack(session.getString("personId"), session.getString("payeeBank"));
    return session;
  }

  /** One payout: apply, then look every 2 s until it is final; the member is free again after that. */
  private final ScenarioBuilder stream = scenario("payouts").exec(this::takeMember)
      .doIf(session -> session.contains("personId")).then(
          group("apply").on(exec(http("applyWithdrawal").post("/v1/members/#{personId}/withdrawals")
              .header("Idempotency-Key", "#{idempotencyKey}")
              .body(StringBody("{\"reason\":\"07\",\"amount\":\"" + AMOUNT + "\"}")).asJson()
              .check(status().in(202, 409, 422).saveAs("status"),
                  jsonPath("$.applicationId").optional().saveAs("applicationId"),
                  jsonPath("$.code").optional().saveAs("code"))))
          .doIfOrElse(session -> session.getInt("status") == 202).then(
              exec(session -> {
                payouts.accepted(session.getString("applicationId"), session.getString("personId"),
                    session.getString("payeeBank"));
                return session.set("state", "APPROVED")
                    .set("followUntil", System.currentTimeMillis() + (OUTAGE_SECONDS + DRAIN_SECONDS + 60) * 1000L);
              })
              .asLongAs(session -> !STOP_FOLLOWING.contains(session.getString("state"))
                  && System.currentTimeMillis() < session.getLong("followUntil")).on(
                  pause(POLL_SECONDS).exec(group("follow").on(exec(http("getWithdrawal")
                      .get("/v1/members/#{personId}/withdrawals/#{applicationId}")
                      .check(status().is(200), jsonPath("$.status").saveAs("state"))))))
              .exec(this::followed))
          .orElse(exec(session -> {
            payouts.refused(session.getString("code")); // e.g. the month's rent cap: the member is left out
            return session;
          })));

  private static ChainBuilder queueTotal(String group, String name, String query, int expected) {
    return exec(group(group).on(exec(Controls.adminGet(name, "/v1/settlement/instructions?size=1&" + query)
        .check(status().is(200), expected < 0 ? jsonPath("$.total").ofInt().saveAs("total")
            : jsonPath("$.total").ofInt().is(expected)))));
  }

  /** The tester's side: the bank down, back, then the bank's queue watched once a second until it is empty. */
  private final ScenarioBuilder outage = scenario("bank outage").pause(HEALTHY_SECONDS)
      .exec(group("control").on(exec(Controls.sandboxPut("bank down", "/sandbox/banks/" + BANK + "/behaviour",
          "{\"down\":true}").check(status().is(200)))))
      .exec(session -> {
        outageAt = Instant.now();
        return session;
      })
      .pause(OUTAGE_SECONDS)
      .exec(group("control").on(exec(Controls.sandboxDelete("bank back", "/sandbox/banks/" + BANK + "/behaviour")
          .check(status().in(200, 204)))))
      .exec(session -> {
        recoveredAt = Instant.now();
        return session.set("waiting", 1);
      })
      .asLongAs(session -> !session.isFailed() && session.getInt("waiting") > 0
          && Instant.now().isBefore(recoveredAt.plusSeconds(DRAIN_SECONDS))).on(
          pause(1)
              .exec(session -> session.set("waiting", 0))
              .foreach(List.of("PENDING", "SENT", "UNKNOWN"), "status").on(
                  queueTotal("drain watch", "bank queue", "bank=" + BANK + "&status=#{status}", -1)
                      .exec(session -> session.set("waiting", session.getInt("waiting") + session.getInt("total")))))
      .exec(session -> {
        if (session.getInt("waiting") == 0) {
          drainedAt = Instant.now();
        }
        return session;
      })
      .exec(group("verification").on(exec(Controls.adminGet("bank backlog drained in time",
              "/v1/settlement/instructions?size=1&status=PENDING&bank=" + BANK)
          .check(jsonPath("$.total").ofInt().is(0),
              bodyString().transform(body -> drainedAt != null).is(true)))));

  private ChainBuilder books(String bank) {
    return exec(group("verification").on(exec(Controls.sandboxGet("bank " + bank + " books: each serial once",
            "/sandbox/banks/" + bank + "/books")
        .check(status().is(200), jsonPath("$.balanced").ofBoolean().is(true),
            bodyString().transform(body -> payouts.booksProblems(bank, body)).is("")))));
  }

  /** After the last payout is final: nothing waits, none lost, none paid twice. */
  private ScenarioBuilder verification() {
    ChainBuilder chain = exec(session -> session.set("page", 1).set("pages", 1))
        .pause(6) // the outbox gauges are refreshed every 5 s
        .exec(queueTotal("verification", "queue: none PENDING", "status=PENDING", 0))
        .exec(queueTotal("verification", "queue: none SENT", "status=SENT", 0))
        .exec(queueTotal("verification", "queue: none UNKNOWN", "status=UNKNOWN", 0))
        .exec(queueTotal("verification", "queue: none MANUAL_REVIEW", "status=MANUAL_REVIEW", 0))
        .exec(group("verification").on(exec(http("metrics: outbox pending 0").get(Target.managementUrl() + "/metrics")
            .check(regex("hpf_settlement_outbox_pending\\{bank=\"[0-9]+\"} ([0-9.E+-]+)").findAll()
                .transform(values -> values.stream().allMatch(v -> Double.parseDouble(v) == 0.0)).is(true)))))
        // Our applications' instructions, from the newest SUCCEEDED ones.
        .asLongAs(session -> !session.isFailed() && payouts.attached() < payouts.all().size()
            && session.getInt("page") <= session.getInt("pages")).on(
            exec(group("verification").on(exec(Controls.adminGet("instructions SUCCEEDED",
                    "/v1/settlement/instructions?status=SUCCEEDED&size=100&page=#{page}")
                .check(jsonPath("$.total").ofInt().saveAs("total"),
                    jsonPath("$.items[*].businessRef").findAll().saveAs("refs"),
                    jsonPath("$.items[*].serialNo").findAll().saveAs("serials"),
                    jsonPath("$.items[*].payingBank").findAll().saveAs("payingBanks"),
                    jsonPath("$.items[*].createdAt").findAll().saveAs("created"),
                    jsonPath("$.items[*].finishedAt").findAll().saveAs("finished")))))
                .exec(session -> {
                  payouts.attach(session.getList("refs"), session.getList("serials"), session.getList("payingBanks"),
                      session.getList("created"), session.getList("finished"));
                  return session.set("page", session.getInt("page") + 1)
                      .set("pages", (session.getInt("total") + 99) / 100);
                }))
        .exec(group("verification").on(exec(Controls.adminGet("every payout has a SUCCEEDED instruction",
                "/v1/settlement/instructions?status=SUCCEEDED&size=1")
            .check(bodyString().transform(body -> payouts.all().size() - payouts.attached()).is(0L)))))
        .exec(session -> session.set("payouts", payouts.feederRecords()))
        .foreach(session -> session.getList("payouts"), "payout").on(
            exec(session -> {
              Map<?, ?> payout = session.get("payout");
              return session.set("personId", payout.get("personId")).set("applicationId", payout.get("applicationId"));
            })
            .exec(group("verification").on(exec(http("payout PAID").get("/v1/members/#{personId}/withdrawals/#{applicationId}")
                .check(status().is(200), jsonPath("$.status").is("PAID"), jsonPath("$.paymentStatus").is("SUCCEEDED"))))));
    for (String bank : partnerBanks) {
      chain = chain.exec(books(bank));
    }
    return scenario("verification").exec(session -> session.set("app", ChannelApp.COUNTER.appId)
        .set("token", staffToken)).exec(chain);
  }

  @Override
  public void after() {
    // A run stopped half-way must not leave the bank down.
    Controls.sandbox("DELETE", "/sandbox/banks/" + BANK + "/behaviour", null);
    System.out.printf("payouts: %d accepted, refused by the rules %s, %d arrivals found no member free%n",
        payouts.all().size(), payouts.refusals(), payouts.noMemberFree.get());
    if (recoveredAt != Instant.MAX) {
      payouts.summary(BANK, outageAt, recoveredAt).forEach(System.out::println);
      System.out.println(drainedAt == null ? "bank " + BANK + "'s backlog not drained within " + DRAIN_SECONDS + " s"
          : String.format("bank %s's queue empty %.1f s after it came back (watched once a second)", BANK,
              Duration.between(recoveredAt, drainedAt).toMillis() / 1000.0));
    }
  }

  {
    int streamSeconds = HEALTHY_SECONDS + OUTAGE_SECONDS + AFTER_SECONDS;
    setUp(
        stream.injectOpen(constantUsersPerSec(RATE).during(streamSeconds).randomized())
            .andThen(verification().injectOpen(atOnceUsers(1))),
        outage.injectOpen(atOnceUsers(1)))
        .protocols(Signing.publicProtocol())
        .assertions(
            details("apply").failedRequests().count().is(0L),
            details("apply").responseTime().max().lt(5_000),
            details("follow").failedRequests().count().is(0L),
            details("control").failedRequests().count().is(0L),
            details("verification").failedRequests().count().is(0L));
  }
}
