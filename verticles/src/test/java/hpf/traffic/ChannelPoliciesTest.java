package hpf.traffic;

import hpf.boot.HpfConfig;
import hpf.channel.Contracts;
import hpf.channel.Zone;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy files: the packaged ones are complete and name real operations; a bad file stops start-up naming file and key. */
class ChannelPoliciesTest {

  @TempDir
  Path dir;

  private static final String DEFAULTS = """
      mode: enforce
      rate: {perSecond: 100, burst: 200}
      quota: {daily: 1000, monthly: 20000}
      counted: {applyWithdrawal: 2}
      storeUnavailable: reject
      storeTimeoutMs: 300
      """;

  @Test
  void thePackagedPoliciesAreCompleteAndNameOnlyPublicOperations() {
    ChannelPolicies packaged = ChannelPolicies.load("../channel-policies");
    assertThat(packaged.byApp()).containsKeys("demo-mobile", "demo-counter", "demo-kiosk");
    assertThat(packaged.of("demo-counter").dailyQuota()).isEqualTo(ChannelPolicy.UNLIMITED);
    assertThat(packaged.of("demo-kiosk").rate().perSecond()).isEqualTo(100);
    assertThat(packaged.of("demo-kiosk").weight("applyWithdrawal")).isEqualTo(2); // from the defaults
    assertThat(packaged.of("unknown-app")).isEqualTo(packaged.defaults());
    Set<String> operations = new HashSet<>(Contracts.bundle(Zone.PUBLIC).operationIds());
    for (ChannelPolicy p : packaged.byApp().values()) {
      assertThat(operations).containsAll(p.counted().keySet()).containsAll(p.perMember().keySet())
          .containsAll(p.operationRates().keySet());
    }
  }

  @Test
  void anAppFileOverridesTheDefaultsEntryByEntry() throws Exception {
    Files.writeString(dir.resolve("defaults.yaml"), DEFAULTS);
    Files.writeString(dir.resolve("city-app.yaml"), """
        rate: {perSecond: 5}
        counted: {applyWithdrawal: 0, grantConsent: 1}
        modes: {dailyQuota: shadow}
        perMember: {createSession: {limit: 3, per: minute}}
        """);
    ChannelPolicy p = ChannelPolicies.read(dir, "policies").of("city-app");
    assertThat(p.rate()).isEqualTo(new ChannelPolicy.Rate(5, 200));
    assertThat(p.counted()).isEqualTo(Map.of("grantConsent", 1));
    assertThat(p.mode(ChannelPolicy.Rule.DAILY_QUOTA)).isEqualTo(ChannelPolicy.Mode.SHADOW);
    assertThat(p.mode(ChannelPolicy.Rule.RATE)).isEqualTo(ChannelPolicy.Mode.ENFORCE);
    assertThat(p.storeUnavailable()).isEqualTo(ChannelPolicy.StoreFallback.REJECT);
    assertThat(p.perMember().get("createSession").limit()).isEqualTo(3);
  }

  @Test
  void aBadFileIsNamedWithItsKey() throws Exception {
    Files.writeString(dir.resolve("defaults.yaml"), DEFAULTS);
    assertBad("city-app.yaml", "quota: {daily: -5}", "policies/city-app.yaml: quota.daily: invalid value '-5'");
    assertBad("city-app.yaml", "rate: {perSecnd: 5}", "policies/city-app.yaml: rate.perSecnd: unknown key");
    assertBad("city-app.yaml", "mode: block", "policies/city-app.yaml: mode: invalid value 'block'; allowed: enforce or shadow");
    assertBad("city-app.yaml", "modes: {daily: shadow}", "policies/city-app.yaml: modes.daily: unknown rule");
    assertBad("city-app.yaml", "perMember: {createSession: {limit: 3, per: week}}",
        "policies/city-app.yaml: perMember.createSession.per: invalid value 'week'");
    assertBad("city-app.yaml", "storeUnavailable: ignore", "policies/city-app.yaml: storeUnavailable: invalid value 'ignore'");
    assertBad("city-app.yaml", "quota: [1, 2", "policies/city-app.yaml: (syntax): not valid YAML");
    assertBad("City_App.yaml", "mode: enforce", "policies/City_App.yaml: not a channel policy name");
    Files.writeString(dir.resolve("defaults.yaml"), "mode: enforce\nrate: {perSecond: 1, burst: 1}\n");
    assertBad("city-app.yaml", "mode: enforce", "policies/defaults.yaml: quota: missing");
  }

  @Test
  void startUpStopsOnABadPolicyDirectoryNamingTheSettingFileAndKey() throws Exception {
    Files.writeString(dir.resolve("defaults.yaml"), DEFAULTS.replace("daily: 1000", "daily: lots"));
    Map<String, String> overrides = hpf.boot.TestPlatform.overrides(dir.resolve("data"));
    overrides.put("HPF_CHANNEL_POLICIES_DIR", dir.toString());
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(overrides)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HPF_CHANNEL_POLICIES_DIR: " + dir + "/defaults.yaml: quota.daily: invalid value 'lots'");
  }

  private void assertBad(String file, String content, String message) throws Exception {
    Files.writeString(dir.resolve(file), content);
    try {
      assertThatThrownBy(() -> ChannelPolicies.read(dir, "policies")).isInstanceOf(PolicyException.class)
          .hasMessageContaining(message);
    } finally {
      Files.delete(dir.resolve(file));
    }
  }
}
