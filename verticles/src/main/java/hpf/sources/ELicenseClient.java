package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/**
 * The e-license platform (电子证照共享平台): a holder's electronic licences of one type, by ID number: marriage
 * certificates (结婚证), the household register (户口簿), real estate certificates (不动产权证书) and disability
 * certificates (残疾人证, which attest a loss of working capacity). Each licence
 * comes with the SM3 digest of its signed licence file, so the file fetched later can be matched to it.
 */
public final class ELicenseClient {

  public static final SourceQuery MARRIAGE_CERTIFICATE = new SourceQuery("elicense.marriage_certificate",
      "结婚证电子证照查询", "/marriage-certificates/query");
  public static final SourceQuery HOUSEHOLD_REGISTER = new SourceQuery("elicense.household_register",
      "户口簿电子证照查询", "/household-registers/query");
  public static final SourceQuery PROPERTY_CERTIFICATE = new SourceQuery("elicense.property_certificate",
      "不动产权证书电子证照查询", "/property-certificates/query");
  public static final SourceQuery DISABILITY_CERTIFICATE = new SourceQuery("elicense.disability_certificate",
      "残疾人证电子证照查询", "/disability-certificates/query");
  public static final List<SourceQuery> QUERIES = List.of(MARRIAGE_CERTIFICATE, HOUSEHOLD_REGISTER,
      PROPERTY_CERTIFICATE, DISABILITY_CERTIFICATE);

  /** One electronic licence: its number, holder, issuing authority, issue date and the licence file's digest. */
  public record Licence(String licenceNo, String holderName, String issuer, LocalDate issuedOn, String fileDigest) {}

  private final SourceHttp http;

  public ELicenseClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public ELicenseClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<List<Licence>> marriageCertificates(String idNumber) {
    return licences(MARRIAGE_CERTIFICATE, idNumber);
  }

  public Future<List<Licence>> householdRegisters(String idNumber) {
    return licences(HOUSEHOLD_REGISTER, idNumber);
  }

  public Future<List<Licence>> propertyCertificates(String idNumber) {
    return licences(PROPERTY_CERTIFICATE, idNumber);
  }

  public Future<List<Licence>> disabilityCertificates(String idNumber) {
    return licences(DISABILITY_CERTIFICATE, idNumber);
  }

  /** The holder's licences of the query's type (none: an empty list). */
  public Future<List<Licence>> licences(SourceQuery type, String idNumber) {
    SourceQuery query = SourceQuery.find(QUERIES, type.dependency());
    return http.ask(query, person(idNumber), a -> a.list("items").stream().map(i -> new Licence(i.text("licenceNo"),
        i.text("holderName"), i.text("issuer"), i.date("issuedOn"), digest(i.text("fileDigest")))).toList());
  }

  private static String digest(String value) {
    if (!value.matches("[0-9a-f]{64}")) {
      throw new Answer.Malformed("field fileDigest not an SM3 digest (64 lower-case hex)");
    }
    return value;
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
