package hpf.traffic;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a request comes from, for the budgets of unverified traffic: the peer of the TCP connection. Behind a proxy
 * every request has the proxy's address; only when the peer is one of the configured trusted proxies
 * (HPF_TRUSTED_PROXIES) is X-Forwarded-For read, from the right, skipping trusted proxies: the first address that is
 * not one is the source. Anyone else's X-Forwarded-For is ignored (a client writes whatever it likes there). IPv6
 * sources count per /64 (one subscriber's block), so a host cannot get a fresh budget from each of its addresses.
 */
final class SourceAddress {

  /** An address block (a single address is a block of its full length). */
  record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0, left = bits; left > 0; i++, left -= 8) {
        int mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
        if ((address[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*");

  private final List<Block> trusted;

  SourceAddress(List<Block> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** Parses "10.0.0.5, 10.1.0.0/16, fd00::/8"; empty: no proxy is trusted. Numeric addresses only (no DNS). */
  static List<Block> parse(String list) {
    List<Block> blocks = new ArrayList<>();
    for (String item : list.split(",")) {
      String entry = item.trim();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split("/", 2);
      byte[] address = literal(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("not an IP address: " + parts[0]);
      }
      int bits = address.length * 8;
      if (parts.length == 2) {
        bits = parts[1].matches("[0-9]{1,3}") ? Integer.parseInt(parts[1]) : -1;
        if (bits < 0 || bits > address.length * 8) {
          throw new IllegalArgumentException("not a prefix length for " + parts[0] + ": " + parts[1]);
        }
      }
      blocks.add(new Block(address, bits));
    }
    return blocks;
  }

  /** The source of the request: a bounded key (an IPv4 address, or an IPv6 /64), never a header's raw text. */
  String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    return of(peer == null ? null : peer.hostAddress(), request.headers().getAll("X-Forwarded-For"));
  }

  /** The source given the connection's peer and the X-Forwarded-For headers (read only when the peer is trusted). */
  String of(String peer, List<String> forwardedFor) {
    byte[] address = literal(peer == null ? null : peer.replaceFirst("%.*$", ""));
    if (address == null) {
      return "unknown";
    }
    if (!trusted.isEmpty() && isTrusted(address)) {
      List<String> hops = new ArrayList<>();
      forwardedFor.forEach(h -> hops.addAll(Arrays.asList(h.split(","))));
      for (int i = hops.size() - 1; i >= 0; i--) {
        byte[] hop = literal(hops.get(i).trim());
        if (hop == null) {
          break; // garbage from the client's side of the chain: the last good hop stands
        }
        address = hop;
        if (!isTrusted(hop)) {
          break;
        }
      }
    }
    return key(address);
  }

  private boolean isTrusted(byte[] address) {
    return trusted.stream().anyMatch(b -> b.contains(address));
  }

  private static String key(byte[] address) {
    if (address.length == 16) {
      address = Arrays.copyOf(Arrays.copyOf(address, 8), 16); // the /64
    }
    try {
      String text = InetAddress.getByAddress(address).getHostAddress();
      return address.length == 16 ? text + "/64" : text;
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The bytes of a numeric IPv4 or IPv6 literal, or null; never a name lookup. */
  static byte[] literal(String text) {
    if (text == null || text.length() > 45 || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      // A dotted quad, or hex with colons (which InetAddress takes for an IPv6 literal or refuses): never a DNS query.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
