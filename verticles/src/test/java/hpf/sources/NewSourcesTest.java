package hpf.sources;

import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static hpf.sources.SandboxSources.await;
import static hpf.sources.SandboxSources.failure;
import static hpf.sources.SandboxSources.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The national reference queries (1, 5), the national authorizations (15–17) and the e-license platform against the
 * sandbox over real HTTP: typed answers that agree with the other sources about the same person, a probe each, and
 * every injected fault kind seen as the matching {@link SourceException} kind.
 */
class NewSourcesTest {

  private static SandboxSources sandbox;
  private static DataSources sources;

  @BeforeAll
  static void start() {
    sandbox = new SandboxSources();
    sources = sandbox.clients(Duration.ofMillis(800));
  }

  @AfterEach
  void clear() {
    sandbox.clearFaults();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void creditCodesAndDivisions() {
    var employer = DemoPeople.EMPLOYERS.get(0);
    var holder = await(sources.reference().creditCode(employer.creditCode()));
    assertThat(holder.name()).isEqualTo(employer.name());
    assertThat(holder.status()).isEqualTo("存续");
    // Query 1 and query 18 describe the same enterprise.
    assertThat(holder.name()).isEqualTo(await(sources.registry().enterprise(employer.creditCode())).name());
    assertThat(await(sources.reference().creditCode("91350203MA31H0A00X")).status()).isEqualTo("注销");
    assertThat(await(sources.reference().creditCode("123"))).isNull();

    var xiamen = await(sources.reference().division("350200"));
    assertThat(xiamen.name()).isEqualTo("厦门市");
    assertThat(xiamen.level()).isEqualTo("地级");
    assertThat(xiamen.chain()).extracting(NationalReferenceClient.Level::code).containsExactly("350000", "350200");
    assertThat(xiamen.fullName()).isEqualTo("福建省厦门市");
    assertThat(await(sources.reference().division("360600")).fullName()).isEqualTo("江西省鹰潭市");
    assertThat(await(sources.reference().division("510700")).fullName()).isEqualTo("四川省绵阳市");
    assertThat(await(sources.reference().division("350203")).fullName()).isEqualTo("福建省厦门市思明区");
    var beijing = await(sources.reference().division("110000"));
    assertThat(beijing.level()).isEqualTo("省级");
    assertThat(beijing.chain()).extracting(NationalReferenceClient.Level::name).containsExactly("北京市");
    assertThat(await(sources.reference().division("999999"))).isNull();
  }

  @Test
  void authorizationsAreFiledVerifiedAndListed() {
    String someone = person(2, 1);
    LocalDate today = LocalDate.now();
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String consentId = UUID.randomUUID().toString();
      var filed = await(sources.authorizations().request(new NationalAuthorizationClient.Filing(someone, consentId,
          "WITHDRAWAL_RENT", List.of("national.lease_filing"), today, today.plusMonths(6), "demo-mobile")));
      assertThat(filed.status()).isEqualTo("VALID");
      // Filing the same consent again answers the same authorization (the platform keys filings by it).
      assertThat(await(sources.authorizations().request(new NationalAuthorizationClient.Filing(someone, consentId,
          "WITHDRAWAL_RENT", List.of("national.lease_filing"), today, today.plusMonths(6), "demo-mobile"))))
          .isEqualTo(filed);
      ids.add(filed.authorizationId());
    }
    var verified = await(sources.authorizations().verify(ids.get(0), someone, "national.lease_filing"));
    assertThat(verified.valid()).isTrue();
    assertThat(verified.validUntil()).isEqualTo(today.plusMonths(6));
    assertThat(await(sources.authorizations().verify(ids.get(0), someone, "national.loan_info")).valid()).isFalse();
    assertThat(await(sources.authorizations().verify(ids.get(0), person(2, 2), "national.lease_filing")).valid())
        .isFalse();

    var first = await(sources.authorizations().list(someone, 1, 2));
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.items()).extracting(NationalAuthorizationClient.Authorization::authorizationId)
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(await(sources.authorizations().list(someone, 2, 2)).items()).singleElement()
        .satisfies(a -> assertThat(a.scopes()).containsExactly("national.lease_filing"));
    assertThatThrownBy(() -> sources.authorizations().list(someone, 1, 301))
        .isInstanceOf(IllegalArgumentException.class);
    // The probe identity's filing is answered but kept by no one.
    await(sources.probe("national.authorization_request"));
    assertThat(await(sources.authorizations().list(SourceHttp.PROBE_ID_NUMBER, 1, 10)).total()).isZero();
  }

  @Test
  void licencesAgreeWithTheRegistries() {
    String married = person(3, 4);
    var certificate = await(sources.elicense().marriageCertificates(married));
    assertThat(certificate).singleElement().satisfies(l -> {
      assertThat(l.issuedOn()).isEqualTo(await(sources.collaboration().marriage(married)).registeredOn());
      assertThat(l.fileDigest()).matches("[0-9a-f]{64}");
    });
    assertThat(await(sources.elicense().marriageCertificates(person(5, 4)))).isEmpty();
    assertThat(await(sources.elicense().marriageCertificates(person(8, 4)))).isEmpty(); // divorced: no 结婚证 in force
    assertThat(await(sources.elicense().propertyCertificates(married))).singleElement().satisfies(l -> {
      var property = await(sources.realEstate().properties(married)).get(0);
      assertThat(l.licenceNo()).isEqualTo(property.certificateNo());
      assertThat(l.issuedOn()).isEqualTo(property.registeredOn());
    });
    assertThat(await(sources.elicense().propertyCertificates(person(3, 8)))).isEmpty();
    assertThat(await(sources.elicense().householdRegisters(person(3, 8)))).hasSize(1);
    assertThat(await(sources.elicense().householdRegisters(person(3, 9)))).isEmpty();
    DemoPeople.Person zhang = DemoPeople.person("P00000001");
    assertThat(await(sources.elicense().marriageCertificates(zhang.idNumber()))).singleElement()
        .satisfies(l -> assertThat(l.holderName()).isEqualTo("张三"));
    assertThat(await(sources.elicense().householdRegisters(married)))
        .isEqualTo(await(sources.elicense().householdRegisters(married)));
  }

  @Test
  void everyQueryIsCataloguedWithAProbe() {
    assertThat(DataSources.queries()).hasSize(30);
    assertThat(DataSources.queries()).extracting(SourceQuery::dependency).doesNotHaveDuplicates()
        .contains("national.credit_code", "national.admin_divisions", "national.authorization_request",
            "national.authorization_verification", "national.authorization_list", "elicense.marriage_certificate",
            "elicense.household_register", "elicense.property_certificate");
    for (SourceQuery query : DataSources.queries()) {
      await(sources.probe(query.dependency()));
    }
  }

  @Test
  void eachFaultKindIsTheMatchingFailureKind() {
    Map<String, Supplier<Future<?>>> calls = Map.of(
        "national.credit_code", () -> sources.reference().creditCode("91350203MA31H0A0XG"),
        "national.admin_divisions", () -> sources.reference().division("350200"),
        "national.authorization_verification", () -> sources.authorizations().verify("SQ1", person(1, 2), "x.y"),
        "national.authorization_list", () -> sources.authorizations().list(person(1, 2), 1, 10),
        "elicense.marriage_certificate", () -> sources.elicense().marriageCertificates(person(1, 2)),
        "elicense.household_register", () -> sources.elicense().householdRegisters(person(1, 2)),
        "elicense.property_certificate", () -> sources.elicense().propertyCertificates(person(1, 4)));
    Map<JsonObject, SourceException.Kind> faults = Map.of(
        new JsonObject().put("errorRatio", 1).put("errorStatus", 500), SourceException.Kind.HTTP_ERROR,
        new JsonObject().put("hang", true), SourceException.Kind.TIMEOUT,
        new JsonObject().put("refuse", true), SourceException.Kind.UNREACHABLE,
        new JsonObject().put("malformed", true), SourceException.Kind.MALFORMED);
    calls.forEach((dependency, call) -> faults.forEach((spec, kind) -> {
      assertThat(sandbox.fault(dependency, spec).statusCode()).isEqualTo(200);
      Throwable failed = failure(call.get());
      assertThat(failed).as(dependency + " " + spec).isInstanceOfSatisfying(SourceException.class, e -> {
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.dependency()).isEqualTo(dependency);
      });
      assertThat(failure(sources.probe(dependency))).isInstanceOf(SourceException.class);
      sandbox.clearFaults();
    }));
    // A family fault reaches every e-license query; clearing it restores the answers.
    sandbox.fault("elicense", new JsonObject().put("errorRatio", 1));
    assertThat(((SourceException) failure(sources.elicense().householdRegisters(person(1, 2)))).status()).isEqualTo(503);
    sandbox.clearFaults();
    assertThat(await(sources.elicense().householdRegisters(person(1, 2)))).hasSize(1);
  }
}
