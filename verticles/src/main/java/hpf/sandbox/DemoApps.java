package hpf.sandbox;

import hpf.apps.ChannelApps;
import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sandbox run's demo channel apps, one per channel type, with published credentials: SM2 keys derived
 * from {@code "hpf-sandbox-demo:" + appId} and, for the internal counter channel, an HMAC-SM3 secret of
 * {@code "hpf-sandbox-secret:" + appId}. Registered only when HPF_SANDBOX=true; never in production.
 */
public final class DemoApps {

  /** A demo app and how to sign as it. */
  public record Demo(String appId, String name, String type, String scheme) {
    public Sm2Keys.Private privateKey() {
      return PublishedKeys.demoAppKey(appId);
    }

    public byte[] hmacSecret() {
      return ("hpf-sandbox-secret:" + appId).getBytes(StandardCharsets.UTF_8);
    }
  }

  public static final List<Demo> ALL = List.of(
      new Demo("demo-online-hall", "演示·网上业务大厅", "ONLINE_HALL", "SM2"),
      new Demo("demo-mobile", "演示·手机App", "MOBILE_APP", "SM2"),
      new Demo("demo-mini-program", "演示·小程序", "MINI_PROGRAM", "SM2"),
      new Demo("demo-kiosk", "演示·自助终端", "KIOSK", "SM2"),
      new Demo("demo-counter", "演示·柜面", "COUNTER", "HMAC"),
      new Demo("demo-partner", "演示·合作银行渠道", "PARTNER", "SM2"));

  private DemoApps() {}

  public static Demo byId(String appId) {
    return ALL.stream().filter(d -> d.appId().equals(appId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no demo app " + appId + "; demo apps: "
            + ALL.stream().map(Demo::appId).toList()));
  }

  /** Registers the demo apps that are not registered yet. */
  public static Future<Void> register(ChannelApps apps) {
    List<Future<Void>> registered = ALL.stream().map(d -> "SM2".equals(d.scheme())
        ? apps.registerIfAbsent(d.appId(), d.name(), d.type(), "SM2", Sm2Keys.toPem(d.privateKey().publicKey()), null)
        : apps.registerIfAbsent(d.appId(), d.name(), d.type(), "HMAC", null, d.hmacSecret())).toList();
    return Future.all(registered).mapEmpty();
  }
}
