package hpf.traffic;

import hpf.boot.HpfConfig;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The source address of unverified traffic: the peer, unless the peer is a configured proxy; a client's own
 * X-Forwarded-For never picks its budget; IPv6 counts per /64; nothing here ever asks DNS.
 */
class SourceAddressTest {

  @Test
  void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
    SourceAddress none = new SourceAddress(SourceAddress.parse(""));
    assertThat(none.of("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
    assertThat(none.of(null, List.of())).isEqualTo("unknown");
  }

  @Test
  void behindATrustedProxyTheRightmostUntrustedHopIsTheSource() {
    SourceAddress proxied = new SourceAddress(SourceAddress.parse("10.0.0.5, 10.1.0.0/16"));
    // The client wrote a fake first hop; the proxies appended what they saw.
    assertThat(proxied.of("10.0.0.5", List.of("1.2.3.4, 198.51.100.7, 10.1.2.3"))).isEqualTo("198.51.100.7");
    assertThat(proxied.of("10.0.0.5", List.of("1.2.3.4", "198.51.100.7"))).isEqualTo("198.51.100.7");
    // Not from a proxy: the header is the client's own words.
    assertThat(proxied.of("198.51.100.8", List.of("1.2.3.4"))).isEqualTo("198.51.100.8");
    // A proxy without the header, or with garbage (even a host name, which is never looked up).
    assertThat(proxied.of("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
    assertThat(proxied.of("10.0.0.5", List.of("attacker.example, beef"))).isEqualTo("10.0.0.5");
  }

  @Test
  void ipv6CountsPerSlash64AndMalformedListsAreRefused() {
    SourceAddress none = new SourceAddress(SourceAddress.parse(""));
    assertThat(none.of("2001:db8:1:2:aaaa::1", List.of())).isEqualTo(none.of("2001:db8:1:2:bbbb::9", List.of()))
        .endsWith("/64");
    assertThat(none.of("2001:db8:1:3::1", List.of())).isNotEqualTo(none.of("2001:db8:1:2::1", List.of()));
    assertThat(none.of("fe80::1%lo", List.of())).isEqualTo("fe80:0:0:0:0:0:0:0/64");
    assertThatThrownBy(() -> SourceAddress.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceAddress.parse("proxy.internal")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SourceAddress.parse(" 10.0.0.1 , fd00::/8 ")).hasSize(2);
  }

  @Test
  void theSettingsStartWithDefaultsAndStopOnAMalformedProxyList() {
    assertThat(HpfConfig.from(Settings.of(Map.of())).unverifiedTraffic())
        .isEqualTo(UnverifiedTraffic.Settings.DEFAULTS);
    assertThat(HpfConfig.from(Settings.of(Map.of("HPF_TRUSTED_PROXIES", "10.0.0.0/8", "HPF_UNVERIFIED_RATE_GLOBAL",
        "50"))).unverifiedTraffic().globalPerSecond()).isEqualTo(50);
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(Map.of("HPF_TRUSTED_PROXIES", "ingress.internal"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HPF_TRUSTED_PROXIES");
    assertThatThrownBy(() -> HpfConfig.from(Settings.of(Map.of("HPF_UNVERIFIED_BURST_PER_SOURCE", "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HPF_UNVERIFIED_BURST_PER_SOURCE");
  }
}
