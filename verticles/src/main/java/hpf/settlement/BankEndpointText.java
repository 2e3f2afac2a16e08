package hpf.settlement;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A partner bank's endpoint as an operator types it, checked strictly: for {@code bdc} (TCP) {@code host:port}, for
 * {@code json} an http(s) URL without credentials, query or fragment. Answers the normalized text, or null.
 */
public final class BankEndpointText {

  public static final int MAX_CHARS = 300;
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern URL_PATH = Pattern.compile("(/[A-Za-z0-9._~-]*)*");

  private BankEndpointText() {}

  /** The endpoint in its stored form, or null when it is not one for this protocol. */
  public static String normalize(String protocol, String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_CHARS) {
      return null;
    }
    return "bdc".equals(protocol) ? hostAndPort(text) : "json".equals(protocol) ? url(text) : null;
  }

  /** {@code host:port} of a BDC endpoint: [host, port]. */
  public static String[] split(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return new String[] {hostAndPort.substring(0, colon), hostAndPort.substring(colon + 1)};
  }

  private static String hostAndPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 1 || !host(text.substring(0, colon)) || port(text.substring(colon + 1)) < 0) {
      return null;
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  private static String url(String text) {
    try {
      URI uri = new URI(text);
      boolean plain = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getRawUserInfo() == null
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getHost() != null && host(uri.getHost())
          && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535))
          && (uri.getRawPath() == null || URL_PATH.matcher(uri.getRawPath()).matches());
      return plain ? text : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** A DNS name or an IPv4 address (no IPv6 literal: a private line is addressed by name or IPv4). */
  private static boolean host(String host) {
    if (host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static int port(String text) {
    if (!text.matches("[0-9]{1,5}")) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : -1;
  }
}
