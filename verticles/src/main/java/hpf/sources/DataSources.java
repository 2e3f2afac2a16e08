package hpf.sources;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every data source client, built from the base URL of each source family (configuration or the sandbox), and the
 * catalogue of their queries with a synthetic probe each: what the isolation guard registers as dependencies.
 */
public record DataSources(NationalRegistryClient registry, NationalReferenceClient reference,
                          NationalHousingClient housing, NationalDepositClient deposits, NationalLoanClient loans,
                          NationalAuthorizationClient authorizations, CollaborationClient collaboration,
                          RealEstateClient realEstate, FuneralClient funeral, PensionClient pension,
                          ELicenseClient elicense) {

  /** Base URLs per source family; the national clients share the platform's. */
  public record BaseUrls(Supplier<String> national, Supplier<String> collaboration, Supplier<String> realEstate,
                         Supplier<String> funeral, Supplier<String> pension, Supplier<String> elicense) {}

  public static DataSources create(WebClient client, BaseUrls urls, Duration timeout) {
    return new DataSources(new NationalRegistryClient(client, urls.national(), timeout),
        new NationalReferenceClient(client, urls.national(), timeout),
        new NationalHousingClient(client, urls.national(), timeout),
        new NationalDepositClient(client, urls.national(), timeout),
        new NationalLoanClient(client, urls.national(), timeout),
        new NationalAuthorizationClient(client, urls.national(), timeout),
        new CollaborationClient(client, urls.collaboration(), timeout),
        new RealEstateClient(client, urls.realEstate(), timeout),
        new FuneralClient(client, urls.funeral(), timeout),
        new PensionClient(client, urls.pension(), timeout),
        new ELicenseClient(client, urls.elicense(), timeout));
  }

  /** Every query of every source, in a stable order. */
  public static List<SourceQuery> queries() {
    List<SourceQuery> all = new ArrayList<>(NationalRegistryClient.QUERIES);
    all.addAll(NationalReferenceClient.QUERIES);
    all.addAll(NationalHousingClient.QUERIES);
    all.addAll(NationalDepositClient.QUERIES);
    all.addAll(NationalLoanClient.QUERIES);
    all.addAll(NationalAuthorizationClient.QUERIES);
    all.addAll(CollaborationClient.QUERIES);
    all.addAll(RealEstateClient.QUERIES);
    all.addAll(FuneralClient.QUERIES);
    all.addAll(PensionClient.QUERIES);
    all.addAll(ELicenseClient.QUERIES);
    return List.copyOf(all);
  }

  /** The synthetic probe of a dependency (a query's id): the reserved probe identity, never a real person. */
  public Future<Void> probe(String dependency) {
    String family = dependency.substring(0, Math.max(0, dependency.indexOf('.')));
    return switch (family) {
      case "national" -> nationalProbe(dependency);
      case "collab" -> collaboration.probe(dependency);
      case "real_estate" -> realEstate.probe(dependency);
      case "funeral" -> funeral.probe(dependency);
      case "pension" -> pension.probe(dependency);
      case "elicense" -> elicense.probe(dependency);
      default -> Future.failedFuture(new IllegalArgumentException("no data source " + dependency));
    };
  }

  private Future<Void> nationalProbe(String dependency) {
    if (has(NationalRegistryClient.QUERIES, dependency)) {
      return registry.probe(dependency);
    }
    if (has(NationalReferenceClient.QUERIES, dependency)) {
      return reference.probe(dependency);
    }
    if (has(NationalHousingClient.QUERIES, dependency)) {
      return housing.probe(dependency);
    }
    if (has(NationalDepositClient.QUERIES, dependency)) {
      return deposits.probe(dependency);
    }
    if (has(NationalAuthorizationClient.QUERIES, dependency)) {
      return authorizations.probe(dependency);
    }
    return loans.probe(dependency);
  }

  private static boolean has(List<SourceQuery> queries, String dependency) {
    return queries.stream().anyMatch(q -> q.dependency().equals(dependency));
  }
}
