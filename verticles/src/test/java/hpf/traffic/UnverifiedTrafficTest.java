package hpf.traffic;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.kit.Settings;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider floods the public listener with unsigned and forged requests naming the kiosk app, from loopback
 * addresses of its own, while the real kiosk (127.0.0.1) keeps calling: the kiosk's requests all pass (its buckets
 * are charged only by requests its key signed), the flood ends refused unread with 429 UNVERIFIED_TRAFFIC_LIMITED,
 * and the access log stays bounded. A member of its own (own cluster, shared database) with small budgets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnverifiedTrafficTest {

  private static final String LIST = "/v1/service-items?size=1";
  private static final int PER_SOURCE_BURST = 20;
  private static final int FLOOD = 3000;
  private static final int REAL = 8;
  private static final int CONNECTIONS = 32;
  private static final java.util.Random RANDOM = new java.util.Random();
  private static HpfApplication member;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> o = TestPlatform.externalDatabaseOverrides();
    // The kiosk's own modest rate (5/s, burst 10) on this member: a flood naming it would empty that at once.
    Path policies = Files.createTempDirectory("hpf-unverified-policies-");
    Path shipped = Path.of(UnverifiedTrafficTest.class.getResource("/channel-policies/defaults.yaml").toURI())
        .getParent();
    try (var files = Files.list(shipped)) {
      for (Path file : files.toList()) {
        Files.copy(file, policies.resolve(file.getFileName().toString()));
      }
    }
    Files.writeString(policies.resolve("demo-kiosk.yaml"), "rate: {perSecond: 5, burst: 10}\n");
    // A small shared "anonymous" bucket (open paths): one address flooding them would empty it at once.
    Path defaults = policies.resolve("defaults.yaml");
    Files.writeString(defaults, Files.readString(defaults).replace("perSecond: 500\n  burst: 1000", "perSecond: 20\n  burst: 40"));
    o.put("HPF_CHANNEL_POLICIES_DIR", policies.toString());
    o.put("HPF_UNVERIFIED_RATE_PER_SOURCE", "1");
    o.put("HPF_UNVERIFIED_BURST_PER_SOURCE", Integer.toString(PER_SOURCE_BURST));
    o.put("HPF_UNVERIFIED_RATE_GLOBAL", "1");
    o.put("HPF_UNVERIFIED_BURST_GLOBAL", "100");
    member = HpfApplication.start(HpfConfig.from(Settings.of(o))).await(120, TimeUnit.SECONDS);
    vertx = member.vertx();
    port = member.ports().get(Zone.PUBLIC);
  }

  @AfterAll
  static void stop() throws Exception {
    if (member != null) {
      member.stop().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void aForgedFloodNamingTheKioskNeitherStarvesItNorFillsTheLog() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("hpf.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level before = access.getLevel();
    access.setLevel(Level.INFO);
    access.setAdditive(false);
    access.addAppender(lines);
    WebClient attacker = client("127.0.0.2");
    WebClient kiosk = client("127.0.0.1");
    List<HttpResponse<Buffer>> flood = new ArrayList<>();
    List<Integer> real = new ArrayList<>();
    long started = System.nanoTime();
    try {
      AtomicInteger answered = new AtomicInteger();
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        sent.add(forged(attacker, i % 10 != 0).send().onComplete(ar -> answered.incrementAndGet()));
      }
      // The real kiosk calls while the flood is on (on today's code its bucket is empty by now).
      TrafficFixture.eventually(() -> answered.get() >= 300, "the flood is under way");
      for (int i = 0; i < REAL; i++) {
        real.add(signed(kiosk).send().await(10, TimeUnit.SECONDS).statusCode());
      }
      for (Future<HttpResponse<Buffer>> f : sent) {
        flood.add(f.await(60, TimeUnit.SECONDS));
      }
    } finally {
      attacker.close();
      kiosk.close();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(real).as("the real kiosk's signed requests").containsOnly(200);
    long unauthorized = flood.stream().filter(r -> r.statusCode() == 401).count();
    List<HttpResponse<Buffer>> limited = flood.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(unauthorized + limited.size()).as("every forged request is refused").isEqualTo(FLOOD);
    // At most the source's burst, its refill (1/s) and what was in flight when the budget ran out (a failure is
    // charged when it is known) reached the signature check; the rest was refused unread.
    long reached = PER_SOURCE_BURST + (long) Math.ceil(seconds) + 1 + CONNECTIONS;
    assertThat(unauthorized).isLessThanOrEqualTo(reached);
    for (HttpResponse<Buffer> r : limited) {
      assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("UNVERIFIED_TRAFFIC_LIMITED");
    }
    assertThat(flood.subList(FLOOD / 2, FLOOD).stream().filter(r -> r.statusCode() == 429).count())
        .as("the flood ends refused unread").isGreaterThanOrEqualTo(FLOOD / 2 - reached);
    HttpResponse<Buffer> last = limited.get(limited.size() - 1);
    assertThat(last.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(Long.parseLong(last.getHeader("Retry-After"))).isPositive();
    assertThat(last.bodyAsJsonObject().getString("title")).isEqualTo("请求过于频繁，请稍后再试");

    String metrics = member.metrics().scrape();
    assertThat(metrics).doesNotContain("hpf_traffic_rejected_total{channel=\"demo-kiosk\"");
    assertThat(counter(metrics, "hpf_traffic_unverified_refusals_total{scope=\"source\"}")).isPositive();
    assertThat(metrics).doesNotContain("127.0.0.2");

    // The access log: every 4xx line written or counted as left out, and the written ones a few per second.
    TrafficFixture.eventually(() -> logged(lines, 401) + logged(lines, 429)
        + counter(member.metrics().scrape(), "hpf_access_log_suppressed_total{listener=\"public\",status=\"401\"}")
        + counter(member.metrics().scrape(), "hpf_access_log_suppressed_total{listener=\"public\",status=\"429\"}")
        >= FLOOD, "every answer of the flood is logged or counted");
    assertThat(logged(lines, 200)).isEqualTo(REAL);
    // The sampler writes a second's summary with the first answer of a later second: on a machine fast enough to
    // take the whole flood within one second, that answer is the next request after it (the real kiosk's here).
    WebClient later = client("127.0.0.1");
    try {
      for (int i = 0; i < 20 && !summarized(lines); i++) {
        assertThat(signed(later).send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        TimeUnit.MILLISECONDS.sleep(250); // the kiosk's own rate is 5/s: a request a quarter second apart
      }
    } finally {
      later.close();
    }
    access.detachAppender(lines);
    access.setAdditive(true);
    access.setLevel(before);
    long written = logged(lines, 401) + logged(lines, 429);
    assertThat(written).isLessThanOrEqualTo(2L * 20 * ((long) Math.ceil(seconds) + 2));
    assertThat(written).isLessThan(FLOOD / 5);
    assertThat(lines.list.stream().anyMatch(UnverifiedTrafficTest::summary)).isTrue();
  }

  private static boolean summary(ILoggingEvent e) {
    return e.getFormattedMessage().startsWith("access lines suppressed");
  }

  /** Read while the appender is attached: under its lock, which every append takes. */
  private static boolean summarized(ListAppender<ILoggingEvent> lines) {
    synchronized (lines) {
      return lines.list.stream().anyMatch(UnverifiedTrafficTest::summary);
    }
  }

  @Test
  @Order(2)
  void whenTheGlobalBudgetIsSpentSourcesThatKeepFailingAreRefusedAndOthersAreServed() throws Exception {
    boolean globalRefusal = false;
    for (int host = 10; host < 250 && !globalRefusal; host++) {
      WebClient source = client("127.0.0." + host);
      try {
        assertThat(forged(source, false).send().await(10, TimeUnit.SECONDS).statusCode()).isIn(401, 429);
        HttpResponse<Buffer> again = forged(source, false).send().await(10, TimeUnit.SECONDS);
        globalRefusal = again.statusCode() == 429;
      } finally {
        source.close();
      }
    }
    assertThat(globalRefusal).as("a source with one failure is refused once the global budget is spent").isTrue();
    assertThat(counter(member.metrics().scrape(), "hpf_traffic_unverified_refusals_total{scope=\"global\"}"))
        .isPositive();
    WebClient kiosk = client("127.0.0.1");
    try {
      assertThat(signed(kiosk).send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    } finally {
      kiosk.close();
    }
  }

  @Test
  @Order(3)
  void oneAddressFloodingTheOpenPathsCannotEmptyTheBucketEveryoneElseShares() throws Exception {
    WebClient flooder = client("127.0.0.3");
    WebClient reader = client("127.0.0.4");
    try {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        sent.add(flooder.get(port, "127.0.0.1", "/openapi.yaml").send());
      }
      List<HttpResponse<Buffer>> flood = new ArrayList<>();
      for (Future<HttpResponse<Buffer>> f : sent) {
        flood.add(f.await(60, TimeUnit.SECONDS));
      }
      List<HttpResponse<Buffer>> limited = flood.stream().filter(r -> r.statusCode() == 429).toList();
      assertThat(limited).as("the flooding address is held to its own budget").isNotEmpty();
      assertThat(limited.get(0).bodyAsJsonObject().getString("code")).isEqualTo("UNVERIFIED_TRAFFIC_LIMITED");
      // On the old code the flood emptied the shared bucket (burst 40) and these were refused 429 RATE_LIMITED.
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> read = reader.get(port, "127.0.0.1", "/openapi.yaml").send().await(10, TimeUnit.SECONDS);
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
      }
    } finally {
      flooder.close();
      reader.close();
    }
  }

  private static WebClient client(String localAddress) {
    return WebClient.create(vertx, new WebClientOptions().setLocalAddress(localAddress),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS));
  }

  /** Names the kiosk: unsigned, or with well-formed headers and a signature of the wrong key. */
  private static HttpRequest<Buffer> forged(WebClient client, boolean unsigned) {
    // A fresh X-Forwarded-For each time: believed only from a configured proxy, so it buys no fresh budget.
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", LIST).putHeader("X-HPF-App-Id", "demo-kiosk")
        .putHeader("X-Forwarded-For", "198.51.100." + RANDOM.nextInt(256));
    if (!unsigned) {
      DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET", "/v1/service-items", "size=1", new byte[0],
          System.currentTimeMillis()).forEach(request::putHeader);
      request.putHeader("X-HPF-App-Id", "demo-kiosk").putHeader("X-Request-Id", "flood-" + UUID.randomUUID());
    }
    return request;
  }

  private static HttpRequest<Buffer> signed(WebClient client) {
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", LIST);
    DemoClient.signatureHeaders(DemoApps.byId("demo-kiosk"), "GET", "/v1/service-items", "size=1", new byte[0],
        System.currentTimeMillis()).forEach(request::putHeader);
    return request;
  }

  private static long logged(ListAppender<ILoggingEvent> lines, int status) {
    return lines.list.stream().filter(e -> "access".equals(e.getMessage()) && e.getKeyValuePairs() != null
        && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("status") && kv.value.equals(status))).count();
  }

  private static long counter(String scrape, String series) {
    Matcher m = Pattern.compile(Pattern.quote(series) + " ([0-9.E]+)").matcher(scrape);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }
}
