package hpf.sources;

import hpf.boot.TestPlatform;
import hpf.sandbox.DemoPeople;
import org.junit.jupiter.api.Test;

import static hpf.sources.SandboxSources.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox run wires every source family to the sandbox's own server by default (no URL configured). */
class PlatformDataSourcesTest {

  @Test
  void theDefaultRunAsksTheSandbox() {
    DataSources sources = TestPlatform.app().dataSources();
    String zhang = DemoPeople.person("P00000001").idNumber();
    assertThat(await(sources.registry().population(zhang, "张三")).nameMatches()).isTrue();
    assertThat(await(sources.housing().leaseFilings(zhang))).hasSize(1);
    assertThat(await(sources.collaboration().marriage(zhang)).married()).isTrue();
    assertThat(await(sources.realEstate().properties(zhang))).isEmpty();
    assertThat(await(sources.funeral().cremation(zhang))).isNull();
    assertThat(await(sources.pension().status(zhang)).retired()).isFalse();
  }
}
