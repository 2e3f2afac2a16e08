package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static hpf.sources.NationalHousingClient.person;

/** The real estate registry (不动产登记): a person's property certificates and whether each is mortgaged. */
public final class RealEstateClient {

  public static final SourceQuery CERTIFICATES = new SourceQuery("real_estate.certificates", "不动产权属信息查询", "/certificates/query");
  public static final SourceQuery PRE_REGISTRATIONS = new SourceQuery("real_estate.pre_registrations", "抵押权预告登记查询",
      "/pre-registrations/query");
  public static final List<SourceQuery> QUERIES = List.of(CERTIFICATES, PRE_REGISTRATIONS);

  /** One property certificate (不动产权证书) and its mortgage, if any. */
  public record Property(String certificateNo, String address, String area, String use, LocalDate registeredOn,
                         boolean mortgaged, String mortgagee) {}

  /** A pre-registration (预告登记) on a person's home being bought: the purchase or the mortgage, and for whom. */
  public record PreRegistration(String registrationNo, String kind, String houseContractNo, String mortgagee,
                                LocalDate registeredOn) {}

  private final SourceHttp http;

  public RealEstateClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public RealEstateClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<List<Property>> properties(String idNumber) {
    return http.ask(CERTIFICATES, person(idNumber), a -> a.list("items").stream().map(i -> new Property(
        i.text("certificateNo"), i.text("address"), i.text("area"), i.text("use"), i.date("registeredOn"),
        i.flag("mortgaged"), i.optText("mortgagee"))).toList());
  }

  /** The pre-registrations of homes the person is buying (预购商品房预告登记, 抵押权预告登记). */
  public Future<List<PreRegistration>> preRegistrations(String idNumber) {
    return http.ask(PRE_REGISTRATIONS, person(idNumber), a -> a.list("items").stream().map(i -> new PreRegistration(
        i.text("registrationNo"), i.text("kind"), i.text("houseContractNo"), i.optText("mortgagee"),
        i.date("registeredOn"))).toList());
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }
}
