package hpf.boot;

import hpf.kit.ConfigException;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A PostgreSQL location given as {@code postgresql://host[:port]/db[?sslmode=...&sslrootcert=file]} or
 * {@code jdbc:postgresql://...}, with its TLS settings for both the runtime pool and the JDBC migrations.
 */
public record DatabaseUrl(String host, int port, String database, Tls tls) {

  /** {@code sslmode} as libpq names it, and the PEM file of the authorities that verify-ca/verify-full trust. */
  public record Tls(String mode, String rootCert) {
    public static final Tls NONE = new Tls("disable", "");
    static final Set<String> MODES = Set.of("disable", "prefer", "require", "verify-ca", "verify-full");

    public boolean verifies() {
      return mode.startsWith("verify-");
    }

    /** Applies the mode: prefer/require encrypt without checking the server (as libpq); verify-* check it. */
    PgConnectOptions apply(PgConnectOptions options) {
      options.setSslMode(SslMode.of(mode));
      if (verifies()) {
        options.setSslOptions(new ClientSSLOptions().setTrustOptions(new PemTrustOptions().addCertPath(rootCert))
            .setHostnameVerificationAlgorithm("verify-full".equals(mode) ? "HTTPS" : ""));
      } else if (!"disable".equals(mode)) {
        options.setSslOptions(new ClientSSLOptions().setTrustAll(true));
      }
      return options;
    }
  }

  public DatabaseUrl(String host, int port, String database) {
    this(host, port, database, Tls.NONE);
  }

  /** Parses the URL, or returns null when it is not a PostgreSQL URL with a host, a database and known parameters. */
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
      Tls tls = tls(uri.getRawQuery());
      String host = uri.getHost().replaceAll("^\\[|]$", "");
      return tls == null ? null : new DatabaseUrl(host, uri.getPort() == -1 ? 5432 : uri.getPort(), path, tls);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The query's sslmode and sslrootcert (nothing else: a parameter silently dropped would be a surprise). */
  private static Tls tls(String query) {
    String mode = "disable";
    String rootCert = "";
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
        switch (kv[0]) {
          case "sslmode" -> mode = value;
          case "sslrootcert" -> rootCert = value;
          default -> {
            return null;
          }
        }
      }
    }
    return Tls.MODES.contains(mode) ? new Tls(mode, rootCert) : null;
  }

  /**
   * The URL with HPF_DB_SSL_ROOT_CERT as its sslrootcert when it names none; verify-ca/verify-full need a readable
   * root certificate file (the authorities the server's certificate must chain to).
   */
  static String withRootCert(String url, String rootCertSetting) {
    DatabaseUrl parsed = url.isEmpty() ? null : parse(url);
    if (parsed == null || !parsed.tls().verifies()) {
      return url;
    }
    String rootCert = parsed.tls().rootCert().isEmpty() ? rootCertSetting : parsed.tls().rootCert();
    if (rootCert.isEmpty() || !java.nio.file.Files.isReadable(java.nio.file.Path.of(rootCert))) {
      throw new ConfigException("HPF_DB_SSL_ROOT_CERT", (rootCert.isEmpty() ? "required" : rootCert + " is not readable")
          + " with sslmode=" + parsed.tls().mode() + "; allowed: the PEM file of the database server's certificate authority");
    }
    return parsed.tls().rootCert().isEmpty()
        ? url + "&sslrootcert=" + URLEncoder.encode(rootCert, StandardCharsets.UTF_8) : url;
  }

  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    String base = "jdbc:postgresql://" + h + ":" + port + "/" + database;
    if ("disable".equals(tls.mode())) {
      return base;
    }
    return base + "?sslmode=" + tls.mode() + (tls.verifies()
        ? "&sslrootcert=" + URLEncoder.encode(tls.rootCert(), StandardCharsets.UTF_8) : "");
  }

  /** True for an address of this host (then clear text never leaves it). */
  public boolean loopback() {
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  @Override
  public String toString() {
    return host + ":" + port + "/" + database + ("disable".equals(tls.mode()) ? "" : " (sslmode=" + tls.mode() + ")");
  }
}
