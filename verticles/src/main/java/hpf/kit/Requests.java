package hpf.kit;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * What the edge learned about the current request, as rooms read it: the validated parameters and body, the
 * request id, the signing caller, the signed-in operator. The edge writes these once its checks passed; rooms
 * only read them, so no room needs to know how a listener checks its callers.
 */
public final class Requests {

  /** The header that names the calling channel app on the public listener. */
  public static final String APP_ID_HEADER = "X-HPF-App-Id";
  /** The role of the operator account configured at start-up, before any individual account exists. */
  public static final String BOOTSTRAP_ROLE = "BOOTSTRAP";

  private static final String KEY_ID = "hpf.requestId";
  private static final String KEY_OPERATION = "hpf.operationId";
  private static final String KEY_CHANNEL = "hpf.channel";
  private static final String KEY_CALLER = "hpf.app";
  private static final String KEY_OPERATOR = "hpf.operator";
  private static final String KEY_ROLE = "hpf.operator.role";

  private Requests() {}

  /** The request's parameters and body as the contract validated them. */
  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** The request id the edge assigned (or accepted from the caller); {@code -} outside a request. */
  public static String requestId(RoutingContext ctx) {
    return ctx.get(KEY_ID, "-");
  }

  public static void recordRequestId(RoutingContext ctx, String id) {
    ctx.put(KEY_ID, id);
  }

  /** The contract operation that handled the request, or {@code unmatched}: a bounded metric label. */
  public static String operationId(RoutingContext ctx) {
    return ctx.get(KEY_OPERATION, "unmatched");
  }

  public static void recordOperation(RoutingContext ctx, String operationId) {
    ctx.put(KEY_OPERATION, operationId);
  }

  /** The calling channel app once authentication knows it; {@code anonymous} before; the zone off the public listener. */
  public static String channel(RoutingContext ctx) {
    return ctx.get(KEY_CHANNEL, "anonymous");
  }

  public static void recordChannel(RoutingContext ctx, String channel) {
    ctx.put(KEY_CHANNEL, channel);
  }

  /** Who signed the current request (set once the signature check passed): a channel app, or a partner bank. */
  public static SigningParty caller(RoutingContext ctx) {
    return ctx.get(KEY_CALLER);
  }

  public static void recordCaller(RoutingContext ctx, SigningParty caller) {
    ctx.put(KEY_CALLER, caller);
  }

  /** The signed-in operator's account name (the bootstrap account's configured name for the bootstrap). */
  public static String operator(RoutingContext ctx) {
    return ctx.get(KEY_OPERATOR);
  }

  /** The operator's role: SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR or BOOTSTRAP; null before sign-in. */
  public static String role(RoutingContext ctx) {
    return ctx.get(KEY_ROLE);
  }

  public static void recordOperator(RoutingContext ctx, String operator, String role) {
    ctx.put(KEY_OPERATOR, operator);
    ctx.put(KEY_ROLE, role);
  }

  /** The bearer token the request carries, or null. */
  public static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }
}
