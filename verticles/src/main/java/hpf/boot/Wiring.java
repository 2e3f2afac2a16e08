package hpf.boot;

import hpf.admin.AuditAdmin;
import hpf.admin.ChannelAppAdmin;
import hpf.admin.SystemInfo;
import hpf.audit.AuditChainCheck;
import hpf.audit.AuditLog;
import hpf.audit.AuditQuery;
import hpf.catalogue.ServiceCatalogue;
import hpf.channel.AppSignatureCheck;
import hpf.channel.ChannelApps;
import hpf.channel.NonceRegistry;
import hpf.channel.OperatorAuth;
import hpf.channel.Zone;
import hpf.crypto.FieldCipher;
import hpf.sandbox.DemoApps;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Manual wiring of the rooms: who answers which zone's operations, and who checks the zone's callers. */
final class Wiring {

  private final HpfConfig config;
  private final Vertx vertx;
  private final Pool pool;
  private final HazelcastClusterManager cluster;
  private final Health health;
  private final Supplier<SystemInfo.Facts> facts;
  private final ChannelApps channelApps;
  private final AuditLog audit;
  private final NonceRegistry nonces;

  Wiring(HpfConfig config, Vertx vertx, Pool pool, HazelcastClusterManager cluster, Health health,
         Supplier<SystemInfo.Facts> facts) {
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.cluster = cluster;
    this.health = health;
    this.facts = facts;
    FieldCipher fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
    this.channelApps = new ChannelApps(vertx, pool, fields);
    this.audit = new AuditLog(pool);
    this.nonces = new NonceRegistry(cluster.getHazelcastInstance().getMap(NonceRegistry.MAP),
        config.security().signatureWindow());
  }

  /** Data the sandbox run needs before the first request: the demo channel apps. */
  Future<Void> seedSandbox() {
    return config.sandbox() ? DemoApps.register(channelApps) : Future.succeededFuture();
  }

  Map<String, Handler<RoutingContext>> handlers(Zone zone) {
    return switch (zone) {
      case PUBLIC -> new ServiceCatalogue(pool).operations();
      case BANK, INTEROP -> Map.of();
      case ADMIN -> merge(new SystemInfo(facts, audit).operations(),
          new ChannelAppAdmin(pool, channelApps, audit).operations(),
          new AuditAdmin(new AuditQuery(pool), new AuditChainCheck(pool)).operations());
      case MANAGEMENT -> health.operations();
    };
  }

  /** Null for zones whose callers are checked elsewhere (management: internal network only). */
  AuthenticationHandler authentication(Zone zone) {
    return switch (zone) {
      case PUBLIC -> new AppSignatureCheck(vertx, channelApps, nonces, config.security().signatureWindow(),
          Clock.systemUTC());
      case ADMIN -> new OperatorAuth(config.security().adminUser(), config.security().adminPassword());
      case BANK, INTEROP, MANAGEMENT -> null;
    };
  }

  @SafeVarargs
  private static Map<String, Handler<RoutingContext>> merge(Map<String, Handler<RoutingContext>>... parts) {
    Map<String, Handler<RoutingContext>> all = new HashMap<>();
    for (Map<String, Handler<RoutingContext>> part : parts) {
      part.forEach((id, handler) -> {
        if (all.put(id, handler) != null) {
          throw new IllegalStateException("two handlers for operation " + id);
        }
      });
    }
    return all;
  }
}
