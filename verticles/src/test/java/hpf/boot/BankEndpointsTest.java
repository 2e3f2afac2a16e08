package hpf.boot;

import hpf.kit.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HPF_BANK_ENDPOINTS: each partner bank's protocol and address, checked at start-up. */
class BankEndpointsTest {

  @Test
  void bothProtocolsAreRead() {
    var endpoints = HpfConfig.bankEndpoints(" 102=bdc://10.0.0.5:9100 ; 105=json:https://bank.example/bdc ");
    assertThat(endpoints).containsOnlyKeys("102", "105");
    assertThat(endpoints.get("102")).isEqualTo(new HpfConfig.BankEndpoint("102", "bdc", "10.0.0.5", 9100, null));
    assertThat(endpoints.get("105")).isEqualTo(new HpfConfig.BankEndpoint("105", "json", null, 0,
        "https://bank.example/bdc"));
    assertThat(HpfConfig.bankEndpoints("")).isEmpty();
  }

  @Test
  void aBadEntryStopsStartUpNamingTheSetting() {
    for (String bad : new String[] {"10=bdc://h:1", "102=bdc://host", "102=ftp://h:1", "102=bdc://h:1;102=bdc://h:2",
        "102"}) {
      assertThatThrownBy(() -> HpfConfig.bankEndpoints(bad)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("HPF_BANK_ENDPOINTS");
    }
  }
}
