package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Iterator;
import java.util.Map;

/**
 * The channels' read traffic as single requests, close to the proportions of {@link MixedChannelsSimulation}'s
 * visits (mobile app 27 %, mini-program 20 %, kiosk 5 %, online hall 20 %, counter 25 % with 2 % loan applications
 * read, the loan calculator 3 % without a session; bulk lists of 100 included, withdrawals and applications left
 * out): one virtual user sends one request, so an arrival rate is a request rate. Kiosks have half the mixed
 * workload's share because their channel is limited to 100 requests/s (channel-policies/demo-kiosk.yaml): at 10 % a
 * ramp past 1,000/s would measure that limit, at 5 % the first channel limit is met at 2,000/s.
 */
final class ReadMix {

  private final ChannelUsers users;

  ReadMix(ChannelUsers users) {
    this.users = users;
  }

  ChainBuilder oneRead() {
    return randomSwitch().on(
        read(9, users.mobile(), http("listServiceItems").get("/v1/service-items?channel=MOBILE_APP&size=10")),
        read(9, users.mobile(), http("getMemberProfile").get("/v1/members/#{personId}")),
        read(9, users.mobile(), http("listWithdrawals").get("/v1/members/#{personId}/withdrawals")),
        read(7, users.miniProgram(), http("listServiceItems").get("/v1/service-items?channel=WECHAT_MINI_PROGRAM&size=10")),
        read(6, users.miniProgram(), http("getServiceItem").get("/v1/service-items/TQ03")),
        read(7, users.miniProgram(), http("getMemberProfile").get("/v1/members/#{personId}")),
        read(2.5, users.kiosk(), http("listServiceItems").get("/v1/service-items?channel=KIOSK&size=10")),
        read(2.5, users.kiosk(), http("listWithdrawals").get("/v1/members/#{personId}/withdrawals")),
        read(7, users.employer(), http("getEmployerAccount").get("/v1/employers/#{employerId}/account")),
        read(6, users.employer(), http("listRemittances").get("/v1/employers/#{employerId}/remittances?size=100")),
        read(7, users.employer(), http("listEmployerMembers").get("/v1/employers/#{employerId}/members?size=100")),
        read(7, users.counter(), http("getMemberAccount").get("/v1/members/#{personId}/account")),
        read(6, users.counter(), http("listMemberAccountEntries").get("/v1/members/#{personId}/account/entries?size=100")),
        read(5, users.counter(), http("getEmployerAccount").get("/v1/employers/#{employerId}/account")),
        read(5, users.counter(), http("listEmployerMembers").get("/v1/employers/#{employerId}/members?size=100")),
        read(2, users.counter(), http("listMyLoanApplications").get("/v1/members/#{personId}/loan-applications")),
        percent(3).then(feed(users.anonymous())
            .exec(session -> session.set("calculation", LoanCalls.calculation()))
            .exec(LoanCalls.calculate())));
  }

  private static Choice.WithWeight read(double percent, Iterator<Map<String, Object>> feeder,
                                        HttpRequestActionBuilder request) {
    return percent(percent).then(feed(feeder).exec(request.check(status().is(200))));
  }
}
