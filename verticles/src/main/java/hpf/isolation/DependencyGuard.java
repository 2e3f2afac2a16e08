package hpf.isolation;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.ClusterFutures;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every outbound call goes through here: fail fast when the dependency is isolated (local cache, no I/O), then this
 * member's cap and circuit breaker ({@link MemberBreaker}: timeout, failure policy, open/half-open/closed). A breaker
 * that opens isolates the dependency for the whole cluster: the state lives in a Hazelcast map whose changes reach
 * every member's cache through an entry listener (milliseconds), and in PostgreSQL for restarts. Once the suspension
 * is over, one member (an atomic claim on the entry) probes with the dependency's synthetic probe; enough successes
 * in a row lift the isolation everywhere, and every member starts a fresh breaker.
 */
public final class DependencyGuard {

  public static final String MAP = "hpf.isolation.dependencies";
  private static final Logger LOG = LoggerFactory.getLogger(DependencyGuard.class);

  private final Vertx vertx;
  private final IMap<String, DependencyStatus> shared;
  private final IsolationStore store;
  private final Clock clock;
  private final DependencyMetrics metrics;
  private final DependencyTuning tuning;
  private final String member = UUID.randomUUID().toString();
  private final Map<String, Guarded> guarded = new ConcurrentHashMap<>();
  private final Map<String, DependencyStatus> cache = new ConcurrentHashMap<>();
  private final UUID listener;
  private final long ticker;

  /** @param tickMillis how often this instance looks for dependencies due for a probe */
  public DependencyGuard(Vertx vertx, HazelcastInstance hazelcast, Pool pool, AuditLog audit, MeterRegistry registry,
                         Clock clock, DependencyTuning tuning, long tickMillis) {
    this.vertx = vertx;
    this.shared = hazelcast.getMap(MAP);
    this.store = new IsolationStore(pool, audit);
    this.clock = clock;
    this.metrics = new DependencyMetrics(registry);
    this.tuning = tuning;
    this.listener = shared.addEntryListener(new Changes(), true);
    this.ticker = vertx.setPeriodic(tickMillis, id -> tick());
  }

  /** Registers a dependency and reads its state back (shared map, else PostgreSQL). */
  public Future<Void> register(Dependency spec) {
    Dependency tuned = spec.with(tuning.apply(spec.id(), spec.tuning()));
    Guarded fresh = new Guarded(tuned);
    if (guarded.putIfAbsent(spec.id(), fresh) != null) {
      fresh.breaker.close();
      return Future.failedFuture(new IllegalStateException("dependency registered twice: " + spec.id()));
    }
    cache.putIfAbsent(spec.id(), DependencyStatus.initial());
    metrics.register(spec.id(), () -> status(spec.id()).state());
    return ClusterFutures.onContext(shared.getAsync(spec.id()), vertx.getOrCreateContext())
        .compose(current -> current != null ? Future.succeededFuture(current) : store.load(spec.id())
            .compose(stored -> stored == null ? Future.succeededFuture(null)
                : ClusterFutures.onContext(shared.submitToKey(spec.id(), StatusChange.restore(stored)),
                    vertx.getOrCreateContext()).map(made -> made != null ? made.after() : stored)))
        .map(found -> {
          if (found != null) {
            cached(spec.id(), found);
          }
          return null;
        });
  }

  /** The guarded call: see the class comment. Fails with DependencyIsolatedException, DependencyBusyException or
   * DependencyTimeoutException besides the call's own failures. */
  public <T> Future<T> call(String dependency, Supplier<Future<T>> call) {
    Guarded g = guarded(dependency);
    DependencyStatus status = status(dependency);
    if (!status.available()) {
      metrics.call(dependency, "isolated");
      return Future.failedFuture(new DependencyIsolatedException(dependency, g.spec.name(), status.nextProbeAt()));
    }
    return g.breaker.call(call);
  }

  /** The current state as this instance sees it (no I/O). */
  public DependencyStatus status(String dependency) {
    return cache.getOrDefault(dependency, DependencyStatus.initial());
  }

  /** Every registered dependency with its state, for operators. */
  public List<Dependency> dependencies() {
    return guarded.values().stream().map(g -> g.spec).sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  public boolean knows(String dependency) {
    return guarded.containsKey(dependency);
  }

  /** Operator: isolate now, whatever the detectors say; answers the resulting state. */
  public Future<DependencyStatus> forceIsolate(String dependency, String cause, AuditEntry audit) {
    Guarded g = guarded(dependency);
    return requested(dependency, audit)
        .compose(v -> change(g, StatusChange.Kind.FORCE_ISOLATE, cause, audit)).map(s -> status(dependency));
  }

  /** Operator: lift now, without probing; answers the resulting state. */
  public Future<DependencyStatus> forceLift(String dependency, String cause, AuditEntry audit) {
    Guarded g = guarded(dependency);
    return requested(dependency, audit)
        .compose(v -> change(g, StatusChange.Kind.FORCE_LIFT, cause, audit)).map(s -> status(dependency));
  }

  /**
   * Operator: probe now, not waiting for the suspension to end. Answers whether the probe succeeded, or null when
   * it did not run (another member's probe is under way). On an available dependency the probe runs and changes
   * nothing.
   */
  public Future<Boolean> probeNow(String dependency, AuditEntry audit) {
    Guarded g = guarded(dependency);
    return requested(dependency, audit).compose(v -> {
      if (status(dependency).available()) {
        return g.breaker.probe().map(ok -> {
          metrics.probe(dependency, ok);
          return ok;
        });
      }
      return claimAndProbe(g, StatusChange.Kind.FORCE_PROBE, audit);
    });
  }

  /** No record, no change: an operator's request is audited before it touches the shared state (see IsolationStore). */
  private Future<Void> requested(String dependency, AuditEntry operator) {
    return operator == null ? Future.succeededFuture() : store.requested(dependency, operator);
  }

  /** Looks for dependencies due for a probe and probes those this member claims; completes when they are done. */
  public Future<Void> tick() {
    List<Future<?>> probes = new ArrayList<>();
    for (Guarded g : guarded.values()) {
      if (status(g.spec.id()).dueForProbe(clock.instant(), false)) {
        probes.add(claimAndProbe(g, StatusChange.Kind.CLAIM_PROBE, null));
      }
    }
    return Future.join(probes).mapEmpty();
  }

  /** Stops probing and listening (the shared state stays). */
  public void close() {
    vertx.cancelTimer(ticker);
    shared.removeEntryListener(listener);
    guarded.values().forEach(g -> g.breaker.close());
  }

  private Future<Boolean> claimAndProbe(Guarded g, StatusChange.Kind claim, AuditEntry audit) {
    String id = g.spec.id();
    return change(g, claim, claim == StatusChange.Kind.FORCE_PROBE ? "运维人员要求立即探测" : "暂停期满，开始探测", audit).compose(claimed -> {
      if (!claimed) {
        return Future.succeededFuture((Boolean) null);
      }
      return g.breaker.probe().compose(ok -> {
        metrics.probe(id, ok);
        return change(g, ok ? StatusChange.Kind.PROBE_SUCCEEDED : StatusChange.Kind.PROBE_FAILED,
            ok ? "连续探测成功，恢复调用" : "探测失败，延长暂停", audit).map(ok);
      });
    });
  }

  /**
   * Applies a change on the shared entry; when it made one, updates this cache at once, counts and audits the
   * transition and stores the state. Answers whether a change was made.
   */
  private Future<Boolean> change(Guarded g, StatusChange.Kind kind, String cause, AuditEntry operator) {
    String id = g.spec.id();
    StatusChange change = StatusChange.of(kind, clock.instant(), cause, member, g.spec.tuning());
    return ClusterFutures.onContext(shared.submitToKey(id, change), vertx.getOrCreateContext())
        .compose(made -> {
          if (made == null) {
            return Future.succeededFuture(false);
          }
          cached(id, made.after());
          if (made.before().state() != made.after().state()) {
            metrics.transition(id, made.before().state(), made.after().state());
            LOG.atWarn().addKeyValue("dependency", id).addKeyValue("from", made.before().state())
                .addKeyValue("to", made.after().state()).addKeyValue("cause", made.after().cause())
                .log("dependency state changed");
          }
          // A probe claim on a dependency already probing is bookkeeping, not a transition: not audited.
          boolean audit = made.before().state() != made.after().state() || kind == StatusChange.Kind.PROBE_SUCCEEDED;
          return g.persist(() -> store.save(id, made.after(), audit ? IsolationStore.transition(id, made, operator) : null)
              .recover(e -> {
                // The cluster already acts on the new state; only the copy for restarts is late.
                LOG.atError().setCause(e).addKeyValue("dependency", id).log("isolation state not stored");
                return Future.succeededFuture();
              }))
              .map(true);
        });
  }

  /** Keeps the newer of two states; when the dependency becomes available again, this member's breaker starts afresh. */
  private void cached(String id, DependencyStatus incoming) {
    DependencyStatus before = cache.get(id);
    DependencyStatus now = cache.merge(id, incoming, (old, in) -> in.version() > old.version() ? in : old);
    Guarded g = guarded.get(id);
    if (g != null && now == incoming && now.available() && (before == null || !before.available())) {
      g.breaker.reset();
    }
  }

  private Guarded guarded(String dependency) {
    Guarded g = guarded.get(dependency);
    if (g == null) {
      throw new IllegalArgumentException("unregistered dependency " + dependency);
    }
    return g;
  }

  /** Other members' changes (and this member's own, again; the version keeps the newest). */
  private final class Changes implements EntryAddedListener<String, DependencyStatus>,
      EntryUpdatedListener<String, DependencyStatus> {
    @Override
    public void entryAdded(EntryEvent<String, DependencyStatus> event) {
      cached(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, DependencyStatus> event) {
      cached(event.getKey(), event.getValue());
    }
  }

  /** A registered dependency with this member's breaker, whose opening isolates it for the cluster. */
  private final class Guarded {
    final Dependency spec;
    final MemberBreaker breaker;

    private Future<Void> persisted = Future.succeededFuture();

    Guarded(Dependency spec) {
      this.spec = spec;
      this.breaker = new MemberBreaker(vertx, spec, clock, metrics, cause -> change(this, StatusChange.Kind.DETECTED,
          cause, null).onFailure(e -> LOG.atError().setCause(e).addKeyValue("dependency", spec.id())
              .log("isolation not shared; this member's breaker stays open and half-opens after the suspension")));
    }

    /** One write after the other: this member's transitions reach the table and the audit log in their order. */
    synchronized Future<Void> persist(Supplier<Future<Void>> write) {
      persisted = persisted.transform(ignored -> write.get());
      return persisted;
    }
  }
}
