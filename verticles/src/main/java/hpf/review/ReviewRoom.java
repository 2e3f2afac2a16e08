package hpf.review;

import hpf.crypto.FieldCipher;
import hpf.identity.Kit;
import hpf.identity.SmsGatewayClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The front door of the review room: the {@link Reviews} the owning rooms register with, the staff operations on the
 * public listener, the flow operations on the admin listener, and its timers (SMS notices, gauges).
 */
public final class ReviewRoom {

  private final Kit kit;
  private final ReviewMetrics metrics;
  private final ReviewNotices notices;
  private final Reviews reviews;

  public ReviewRoom(Kit kit, FieldCipher fields, SmsGatewayClient sms, MeterRegistry registry) {
    this.kit = kit;
    this.metrics = new ReviewMetrics(kit.pool(), registry);
    this.notices = new ReviewNotices(kit.pool(), fields, sms);
    this.reviews = new Reviews(kit.clock(), metrics, notices::due);
  }

  /** What the rooms that own business items open, resubmit and cancel cases through. */
  public Reviews reviews() {
    return reviews;
  }

  /** The SMS notices of outcomes (sent after each decision commits and retried every minute). */
  public ReviewNotices notices() {
    return notices;
  }

  /** The room's meters (the tests refresh its gauges without waiting for the timer). */
  ReviewMetrics metrics() {
    return metrics;
  }

  public Map<String, Handler<RoutingContext>> publicOperations() {
    return new ReviewOperations(kit, reviews).operations();
  }

  public Map<String, Handler<RoutingContext>> adminOperations() {
    return new ReviewAdmin(kit.pool(), kit.audit(), kit.idempotency(), reviews).operations();
  }

  /** Starts the notice retries and the gauges' refresh on this node. */
  public void start(Vertx vertx) {
    notices.schedule(vertx);
    metrics.start(vertx);
  }
}
