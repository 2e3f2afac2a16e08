package hpf.traffic;

import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Rate;
import io.vertx.core.json.JsonObject;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A runtime version as stored and announced: read back the same, older versions without the newer keys still read. */
class PolicyOverrideTest {

  @Test
  void operationRatesAndMemberLimitsGoThroughTheStoredJsonAndLieOverTheFileEntryByEntry() {
    PolicyOverride o = new PolicyOverride(3, null, null, 10L, null, Map.of("grantConsent", 2), Map.of(),
        Map.of("listServiceItems", new Rate(0.5, 3)), Map.of("createSession", new MemberLimit(2, ChronoUnit.HOURS)),
        ChannelPolicy.StoreFallback.REJECT, 2500L, false, null);
    // Through text, as PostgreSQL's jsonb and the event bus hand it back.
    PolicyOverride read = PolicyOverride.fromJson(3, new JsonObject(o.toJson().encode()));
    assertThat(read).isEqualTo(o);

    ChannelPolicy file = ChannelPolicies.load("../channel-policies").defaults();
    ChannelPolicy p = read.applyTo(file);
    assertThat(p.operationRates()).containsEntry("listServiceItems", new Rate(0.5, 3))
        .containsEntry("createSession", file.operationRates().get("createSession"));
    assertThat(p.perMember()).containsEntry("createSession", new MemberLimit(2, ChronoUnit.HOURS))
        .containsEntry("applyWithdrawal", file.perMember().get("applyWithdrawal"));
    assertThat(p.storeUnavailable()).isEqualTo(ChannelPolicy.StoreFallback.REJECT);
    assertThat(p.storeTimeoutMillis()).isEqualTo(2500);
    assertThat(PolicyOverride.NONE.applyTo(file).storeTimeoutMillis()).isEqualTo(file.storeTimeoutMillis());
  }

  @Test
  void aVersionWrittenBeforeTheseKeysReadsWithoutThem() {
    PolicyOverride old = PolicyOverride.fromJson(7, new JsonObject("""
        {"ratePerSecond":null,"burst":null,"dailyQuota":5,"monthlyQuota":null,"counted":{},"modes":{},
         "suspended":false,"controlReleasedUntil":null}"""));
    assertThat(old.operationRates()).isEmpty();
    assertThat(old.perMember()).isEmpty();
    assertThat(old.dailyQuota()).isEqualTo(5);
    assertThat(old.storeUnavailable()).isNull();
    assertThat(old.storeTimeoutMs()).isNull();
  }
}
