package hpf.kit;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hazelcast answers reach the caller's event loop without a thread started per answer, whatever the core count. */
class ClusterFuturesTest {

  private static HazelcastInstance member;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    Config hz = new Config().setClusterName("hpf-cluster-futures-" + UUID.randomUUID());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.getNetworkConfig().setPort(7401).setPortAutoIncrement(true).setPortCount(50);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    member = Hazelcast.newHazelcastInstance(hz);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    member.shutdown();
  }

  @Test
  void answersArriveOnTheCallersContextWithoutNewThreads() throws Exception {
    IMap<String, Integer> map = member.getMap("cluster-futures");
    Context context = vertx.getOrCreateContext();
    warmUp(map, context);
    long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    AtomicInteger onContext = new AtomicInteger();
    int calls = 500;
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      List<Future<Integer>> all = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        // put, not set: its answer (the previous value) travels back through the Hazelcast future.
        all.add(ClusterFutures.onContext(map.putAsync("k" + i, i), context).andThen(ar -> {
          if (Vertx.currentContext() == context) {
            onContext.incrementAndGet();
          }
        }));
      }
      Future.all(all).onComplete(ar -> done.complete(null));
    });
    done.get(30, TimeUnit.SECONDS);
    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;

    assertThat(onContext.get()).isEqualTo(calls);
    // Hazelcast's plain whenComplete starts one thread per answer when the common pool has parallelism 1 (two
    // cores or fewer): 500 calls would start about 500. A few may come from Hazelcast's own upkeep meanwhile.
    assertThat(started).isLessThan(50);
  }

  @Test
  void aFailedStageFailsTheFutureWithItsCause() throws Exception {
    Context context = vertx.getOrCreateContext();
    IllegalStateException cause = new IllegalStateException("refused");
    Future<Object> failed = ClusterFutures.onContext(CompletableFuture.failedFuture(cause), context);
    assertThat(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
        .isSameAs(cause);
  }

  private static void warmUp(IMap<String, Integer> map, Context context) throws Exception {
    ClusterFutures.onContext(map.putAsync("warm", 0), context).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }
}
