package hpf.sources;

/**
 * One query of a data source: its dependency id (what the isolation guard, metrics and the sandbox's fault
 * injection name it by, {@code family.query}), the service's Chinese name users see, and its path below the
 * family's base URL. Every query is {@code POST {base}{path}} with a JSON body, so identifiers never travel in URLs
 * (which end up in access logs).
 */
public record SourceQuery(String dependency, String name, String path) {

  /** The family part of the dependency id ({@code national}, {@code collab}, ...). */
  public String family() {
    return dependency.substring(0, dependency.indexOf('.'));
  }

  /** The query of {@code queries} with that dependency id. */
  static SourceQuery find(java.util.List<SourceQuery> queries, String dependency) {
    return queries.stream().filter(q -> q.dependency().equals(dependency)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no query " + dependency + " in this client"));
  }
}
