package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.UUID;

/**
 * The centers' mixed channel workload in a closed model: {@code HPF_LOAD_USERS} (default 100) concurrent users for
 * {@code HPF_LOAD_SECONDS} (default 60) after a 10 s ramp, each running one visit after another through the mobile
 * app, a mini-program, the online hall (employer remittance lists), a kiosk or the counter (staff over the
 * generated data), plus withdrawal applications and the loan business (the calculator without a session, loan reads
 * and applications at the counter for generated members, whose data set includes loans in every state). SLOs (the
 * centers' targets): ordinary business answered within 5 s, bulk queries (lists of 100) within 10 s, fewer than 1 %
 * failed.
 */
public class MixedChannelsSimulation extends Simulation {

  private static final int USERS = Target.number("HPF_LOAD_USERS", 100);
  private static final int SECONDS = Target.number("HPF_LOAD_SECONDS", 60);

  private final ChannelUsers users = new ChannelUsers(new DemoSessions());

  /** Ordinary business: one request per group execution, so the group's times are the request's. */
  static ChainBuilder ordinary(HttpRequestActionBuilder request) {
    return group("ordinary").on(exec(request.check(status().is(200))));
  }

  static ChainBuilder bulk(HttpRequestActionBuilder request) {
    return group("bulk").on(exec(request.check(status().is(200))));
  }

  // The sandbox people log in but hold no fund account (the generated members do, and are served at the counter):
  // the members' own channels read their profile, applications and the service catalogue.
  private final ChainBuilder mobileVisit = feed(users.mobile())
      .exec(ordinary(http("listServiceItems").get("/v1/service-items?channel=MOBILE_APP&size=10")))
      .exec(ordinary(http("getMemberProfile").get("/v1/members/#{personId}")))
      .exec(ordinary(http("listWithdrawals").get("/v1/members/#{personId}/withdrawals")))
      .exec(ordinary(http("listMyLoanApplications").get("/v1/members/#{personId}/loan-applications")));

  private final ChainBuilder miniProgramVisit = feed(users.miniProgram())
      .exec(ordinary(http("listServiceItems").get("/v1/service-items?channel=WECHAT_MINI_PROGRAM&size=10")))
      .exec(ordinary(http("getServiceItem").get("/v1/service-items/TQ03")))
      .exec(ordinary(http("getMemberProfile").get("/v1/members/#{personId}")));

  private final ChainBuilder kioskVisit = feed(users.kiosk())
      .exec(ordinary(http("listServiceItems").get("/v1/service-items?channel=KIOSK&size=10")))
      .exec(ordinary(http("listWithdrawals").get("/v1/members/#{personId}/withdrawals")));

  private final ChainBuilder onlineHallVisit = feed(users.employer())
      .exec(ordinary(http("getEmployerAccount").get("/v1/employers/#{employerId}/account")))
      .exec(bulk(http("listRemittances").get("/v1/employers/#{employerId}/remittances?size=100")))
      .exec(bulk(http("listEmployerMembers").get("/v1/employers/#{employerId}/members?size=100")));

  private final ChainBuilder counterVisit = feed(users.counter())
      .exec(ordinary(http("getMemberAccount").get("/v1/members/#{personId}/account")))
      .exec(bulk(http("listMemberAccountEntries").get("/v1/members/#{personId}/account/entries?size=100")))
      .exec(ordinary(http("getEmployerAccount").get("/v1/employers/#{employerId}/account")))
      .exec(bulk(http("listEmployerMembers").get("/v1/employers/#{employerId}/members?size=100")));

  /**
   * A rent withdrawal (07) applied for at the counter for a generated member. Many are refused by the rules
   * (no consent to the data sources, no bound card, one already in flight: 4xx with a business code); a refusal is
   * an answer too: what is measured is that the application is decided within the ordinary-business target.
   */
  private final ChainBuilder withdrawalVisit = feed(users.counter())
      .exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString()))
      .exec(group("ordinary").on(exec(http("applyWithdrawal").post("/v1/members/#{personId}/withdrawals")
          .header("Idempotency-Key", "#{idempotencyKey}")
          .body(StringBody("{\"reason\":\"07\",\"amount\":\"100.00\"}")).asJson()
          .check(status().in(202, 403, 409, 422)))));

  /** The loan calculator in an app, without signing in: two calculations (a visitor compares terms). */
  private final ChainBuilder calculatorVisit = feed(users.anonymous())
      .exec(LoanCalls.calculator())
      .exec(LoanCalls.calculator());

  /** Counter staff over a generated member's loans: applications and contracts. */
  private final ChainBuilder loanCounterVisit = feed(users.counter()).exec(LoanCalls.reads());

  /** A loan application at the counter for a generated member (most refused by the rules, see LoanCalls). */
  private final ChainBuilder loanApplicationVisit = feed(users.counter()).exec(LoanCalls.application());

  private final ScenarioBuilder mixed = scenario("mixed channels").randomSwitch().on(
      percent(27.0).then(mobileVisit),
      percent(13.0).then(miniProgramVisit),
      percent(10.0).then(kioskVisit),
      percent(18.0).then(onlineHallVisit),
      percent(17.0).then(counterVisit),
      percent(5.0).then(withdrawalVisit),
      percent(5.0).then(calculatorVisit),
      percent(3.0).then(loanCounterVisit),
      percent(2.0).then(loanApplicationVisit));

  {
    setUp(mixed.injectClosed(
            rampConcurrentUsers(0).to(USERS).during(10),
            constantConcurrentUsers(USERS).during(SECONDS)))
        .protocols(Signing.publicProtocol())
        .assertions(
            details("ordinary").responseTime().max().lt(5_000),
            details("bulk").responseTime().max().lt(10_000),
            global().failedRequests().percent().lt(1.0));
  }
}
