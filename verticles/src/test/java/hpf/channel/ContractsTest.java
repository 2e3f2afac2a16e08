package hpf.channel;

import hpf.boot.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contracts bundle into self-contained documents, and operations and handlers match one to one. */
@ExtendWith(VertxExtension.class)
class ContractsTest {

  @ParameterizedTest
  @EnumSource(Zone.class)
  void everyZoneBundlesWithoutReferencesToOtherFiles(Zone zone) {
    Contracts.Bundled bundled = Contracts.bundle(zone);
    assertThat(bundled.document().getString("openapi")).isEqualTo("3.1.0");
    assertThat(bundled.yaml()).doesNotContain("components/common.yaml");
    assertThat(bundled.document().getJsonObject("components").getJsonObject("schemas").containsKey("Problem")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Zone.class)
  void everyOperationHasAHandlerAndEveryHandlerAnOperation(Zone zone) {
    Set<String> handled = TestPlatform.handlers(zone);
    assertThat(handled).containsExactlyInAnyOrderElementsOf(Contracts.bundle(zone).operationIds());
  }

  @Test
  void operationIdsAreUniqueAcrossZonesSoMetricsAndPoliciesCanNameThem() {
    long all = 0;
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (Zone zone : Zone.values()) {
      all += Contracts.bundle(zone).operationIds().size();
      distinct.addAll(Contracts.bundle(zone).operationIds());
    }
    assertThat(distinct).hasSize((int) all);
  }

  @Test
  void aMissingOrAnExtraHandlerStopsStartUp() {
    Contracts.Bundled publicZone = Contracts.bundle(Zone.PUBLIC);
    Set<String> all = new java.util.TreeSet<>(publicZone.operationIds());
    Set<String> missingOne = new java.util.TreeSet<>(all);
    missingOne.remove("getServiceItem");
    Set<String> oneTooMany = new java.util.TreeSet<>(all);
    oneTooMany.add("deleteEverything");
    assertThatThrownBy(() -> ApiRouter.requireHandlersMatchOperations(publicZone, missingOne))
        .hasMessageContaining("operations without handler [getServiceItem]");
    assertThatThrownBy(() -> ApiRouter.requireHandlersMatchOperations(publicZone, oneTooMany))
        .hasMessageContaining("handlers without operation [deleteEverything]");
  }

  @Test
  void theResponseValidatorUsedByTheTestsRejectsAResponseThatBreaksTheContract(Vertx vertx) throws Exception {
    ResponseValidator validator = ResponseValidator.create(vertx,
        Contracts.forValidation(vertx, Contracts.bundle(Zone.PUBLIC)).await(30, TimeUnit.SECONDS));
    ValidatableResponse wrong = ValidatableResponse.create(200,
        new JsonObject().put("code", 42).toBuffer(), "application/json");
    assertThatThrownBy(() -> validator.validate(wrong, "getServiceItem").await(10, TimeUnit.SECONDS))
        .hasMessageContaining("response body is invalid");
  }
}
