package hpf.sources;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

/**
 * National data sharing platform (全国住房公积金数据共享平台), housing filings: purchase contract filing (query 2),
 * lease filing (3) and public rental housing (4) of a person, by ID number.
 */
public final class NationalHousingClient {

  public static final SourceQuery CONTRACT_FILING = new SourceQuery("national.contract_filing", "购房网签备案查询", "/contract-filings/query");
  public static final SourceQuery LEASE_FILING = new SourceQuery("national.lease_filing", "租赁合同备案查询", "/lease-filings/query");
  public static final SourceQuery PUBLIC_RENTAL = new SourceQuery("national.public_rental", "公租房信息查询", "/public-rentals/query");
  public static final List<SourceQuery> QUERIES = List.of(CONTRACT_FILING, LEASE_FILING, PUBLIC_RENTAL);

  /**
   * A filed purchase contract (购房网签备案). {@code houseType} is the registry's kind of housing (商品住房,
   * 共有产权住房, ...), null where the platform does not state it.
   */
  public record ContractFiling(String filingNo, String contractNo, String houseAddress, String area, Money price,
                               LocalDate signedOn, LocalDate filedOn, String houseType) {

    public static final String SHARED_OWNERSHIP = "共有产权住房";

    public boolean sharedOwnership() {
      return SHARED_OWNERSHIP.equals(houseType);
    }
  }

  /** A filed lease (租赁合同备案); {@code terminatedOn} null while it runs. */
  public record LeaseFiling(String filingNo, String contractNo, String use, String houseNo, String address, String area,
                            Money monthlyRent, LocalDate startDate, LocalDate endDate, LocalDate terminatedOn,
                            String lessorName, String propertyCertificateNo) {}

  /** A public rental housing contract (公租房). */
  public record PublicRental(String contractNo, String houseNo, String address, String area, Money monthlyRent,
                             LocalDate startDate, LocalDate endDate, String project) {}

  private final SourceHttp http;

  public NationalHousingClient(WebClient client, Supplier<String> baseUrl) {
    this(client, baseUrl, SourceHttp.DEFAULT_TIMEOUT);
  }

  public NationalHousingClient(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.http = new SourceHttp(client, baseUrl, timeout);
  }

  public Future<List<ContractFiling>> contractFilings(String idNumber) {
    return http.ask(CONTRACT_FILING, person(idNumber), a -> a.list("items").stream().map(i -> new ContractFiling(
        i.text("filingNo"), i.text("contractNo"), i.text("houseAddress"), i.text("area"), i.money("price"),
        i.date("signedOn"), i.date("filedOn"), i.optText("houseType"))).toList());
  }

  public Future<List<LeaseFiling>> leaseFilings(String idNumber) {
    return http.ask(LEASE_FILING, person(idNumber), a -> a.list("items").stream().map(i -> new LeaseFiling(
        i.text("filingNo"), i.text("contractNo"), i.text("use"), i.text("houseNo"), i.text("address"), i.text("area"),
        i.money("monthlyRent"), i.date("startDate"), i.date("endDate"), i.optDate("terminatedOn"),
        i.text("lessorName"), i.optText("propertyCertificateNo"))).toList());
  }

  public Future<List<PublicRental>> publicRentals(String idNumber) {
    return http.ask(PUBLIC_RENTAL, person(idNumber), a -> a.list("items").stream().map(i -> new PublicRental(
        i.text("contractNo"), i.text("houseNo"), i.text("address"), i.text("area"), i.money("monthlyRent"),
        i.date("startDate"), i.date("endDate"), i.text("project"))).toList());
  }

  /** The synthetic probe of one of {@link #QUERIES}. */
  public Future<Void> probe(String dependency) {
    return http.probe(SourceQuery.find(QUERIES, dependency));
  }

  static JsonObject person(String idNumber) {
    return new JsonObject().put("idNumber", idNumber);
  }
}
