package hpf.bench;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoPeople;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Writes the requests of one bench/channel.sh scenario, signed in advance, for bench/replay.lua to send: one request
 * a line, its header lines and body separated by tabs, each with its own nonce and a timestamp of now (replays are
 * refused, and the platform accepts timestamps within HPF_SIGNATURE_WINDOW_SECONDS, so the file is written just before
 * it is replayed). Usage: {@code PreSigner SCENARIO PUBLIC_URL SANDBOX_URL COUNT IDS_FILE SKIP OUT} with SCENARIO one
 * of {@code catalogue} (mobile app, SM2, no session), {@code member} (the sandbox members' own accounts, mobile app
 * with sessions), {@code staff} (counter staff, HMAC-SM3, reading the accounts of IDS_FILE's members) and
 * {@code withdrawal} (counter staff applying for a rent withdrawal of 10.00 for IDS_FILE's members from line SKIP on,
 * one request per member). Prints the number of requests written (fewer than COUNT when the members run out).
 */
public final class PreSigner {

  private static final String CATALOGUE = "/v1/service-items?channel=MOBILE_APP&size=10";
  /** Sessions per sandbox member: many callers, as many sessions; there are only three people who can log in. */
  private static final int SESSIONS_PER_MEMBER = 4;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** BouncyCastle's dedicated SM2 curve: signing is several times faster than on the generic one. */
  private static final ECDomainParameters SM2_CURVE = new ECDomainParameters(CustomNamedCurves.getByName("sm2p256v1"));

  private final DemoApps.Demo app;
  private final ECPrivateKeyParameters key;
  private final String host;

  private PreSigner(DemoApps.Demo app, String host) {
    this.app = app;
    this.key = "SM2".equals(app.scheme())
        ? new ECPrivateKeyParameters(app.privateKey().parameters().getD(), SM2_CURVE) : null;
    this.host = host;
  }

  public static void main(String[] args) throws IOException {
    String scenario = args[0];
    String base = args[1];
    int count = Integer.parseInt(args[3]);
    List<String> ids = Files.readAllLines(Path.of(args[4]));
    int skip = Integer.parseInt(args[5]);
    Path out = Path.of(args[6]);
    BenchLogins logins = new BenchLogins(base, args[2]);
    URI uri = URI.create(base);
    String host = uri.getHost() + ":" + uri.getPort();
    IntFunction<String> request;
    PreSigner signer;
    switch (scenario) {
      case "catalogue" -> {
        signer = new PreSigner(BenchLogins.MOBILE, host);
        request = i -> signer.line("GET", CATALOGUE, null, null);
      }
      case "member" -> {
        signer = new PreSigner(BenchLogins.MOBILE, host);
        String staff = logins.staff();
        List<String[]> sessions = new ArrayList<>();
        for (DemoPeople.Person person : DemoPeople.PEOPLE) {
          for (int s = 0; s < SESSIONS_PER_MEMBER; s++) {
            String token = logins.member(person);
            if (s == 0) {
              logins.ensureAccount(person, token, staff);
            }
            sessions.add(new String[] {person.personId(), token});
          }
        }
        request = i -> {
          String[] session = sessions.get(i % sessions.size());
          return signer.line("GET", "/v1/members/" + session[0] + "/account", session[1], null);
        };
      }
      case "staff" -> {
        signer = new PreSigner(BenchLogins.COUNTER, host);
        String staff = logins.staff();
        request = i -> signer.line("GET", "/v1/members/" + ids.get((skip + i) % ids.size()) + "/account", staff, null);
      }
      case "withdrawal" -> {
        signer = new PreSigner(BenchLogins.COUNTER, host);
        String staff = logins.staff();
        count = Math.max(0, Math.min(count, ids.size() - skip));
        // Rent (07) at the counter: approved on the platform's rules alone (no data source); one in flight per member.
        request = i -> signer.line("POST", "/v1/members/" + ids.get(skip + i) + "/withdrawals", staff,
            "{\"reason\":\"07\",\"amount\":\"10.00\"}");
      }
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
    write(out, count, request);
    System.out.println(count);
  }

  /** Signs on every core, a chunk at a time, and writes in order. */
  private static void write(Path out, int count, IntFunction<String> request) throws IOException {
    int chunk = 10_000;
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int from = 0; from < count; from += chunk) {
        String[] lines = IntStream.range(from, Math.min(count, from + chunk)).parallel().mapToObj(request)
            .toArray(String[]::new);
        for (String line : lines) {
          writer.write(line);
          writer.write('\n');
        }
      }
    }
  }

  /** As {@code CanonicalRequest.signSm2}: SM3, the default user id, DER, base64. */
  private String sm2(byte[] text) {
    SM2Signer signer = new SM2Signer(StandardDSAEncoding.INSTANCE);
    signer.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM), Sm2.DEFAULT_USER_ID));
    signer.update(text, 0, text.length);
    try {
      return Base64.getEncoder().encodeToString(signer.generateSignature());
    } catch (CryptoException e) {
      throw new IllegalStateException("SM2 signing failed", e);
    }
  }

  /** One HTTP/1.1 request as a line: header lines, an empty one and the body, joined by tabs (never in them). */
  private String line(String method, String pathAndQuery, String token, String body) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String timestamp = String.valueOf(System.currentTimeMillis());
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    CanonicalRequest canonical = new CanonicalRequest(key != null ? CanonicalRequest.SM2_SCHEME
        : CanonicalRequest.HMAC_SCHEME, method, path, query, app.appId(), timestamp, nonce, bytes);
    StringBuilder line = new StringBuilder(1024)
        .append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\tHost: ").append(host)
        .append("\tAccept: application/json\tX-HPF-App-Id: ").append(app.appId())
        .append("\tX-HPF-Timestamp: ").append(timestamp).append("\tX-HPF-Nonce: ").append(nonce)
        .append("\tX-HPF-Signature: ")
        .append(key != null ? sm2(canonical.bytes()) : canonical.signHmac(app.hmacSecret()));
    if (token != null) {
      line.append("\tAuthorization: Bearer ").append(token);
    }
    if (body != null) {
      line.append("\tIdempotency-Key: bench-").append(UUID.randomUUID())
          .append("\tContent-Type: application/json\tContent-Length: ").append(bytes.length);
    }
    return line.append("\t\t").append(body == null ? "" : body).toString();
  }
}
