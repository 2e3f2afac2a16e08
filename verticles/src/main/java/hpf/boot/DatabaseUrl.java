package hpf.boot;

import java.net.URI;

/** A PostgreSQL location given as {@code postgresql://host[:port]/db} or {@code jdbc:postgresql://...}. */
public record DatabaseUrl(String host, int port, String database) {

  /** Parses the URL, or returns null when it is not a PostgreSQL URL with a host and a database. */
  public static DatabaseUrl parse(String url) {
    String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
    try {
      URI uri = URI.create(plain);
      if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme())) || uri.getHost() == null) {
        return null;
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (path.isEmpty() || path.contains("/")) {
        return null;
      }
      String host = uri.getHost().replaceAll("^\\[|]$", "");
      return new DatabaseUrl(host, uri.getPort() == -1 ? 5432 : uri.getPort(), path);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return host + ":" + port + "/" + database;
  }
}
