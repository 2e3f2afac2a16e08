package hpf.traffic;

import hpf.kit.DeferredCharge;
import hpf.kit.Requests;
import hpf.kit.SigningParty;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;

/**
 * After authentication and validation, before the operation's handler: charges the business transaction to the
 * caller's channel (quotas) and member (member limits) when the policy counts the operation. For idempotent writes
 * the charge is left to the write (made when the write runs, given back when it fails), so a replay of an
 * {@code Idempotency-Key} is not counted again.
 */
final class QuotaGate implements Handler<RoutingContext> {

  /** Where the member of a member-limited operation is named: path first, then the login subject in the body. */
  private static final List<String> PATH_MEMBER = List.of("personId", "employerId");
  private static final List<String> BODY_MEMBER = List.of("idNumber", "creditCode", "staffId", "ticket");

  private final TrafficControl control;
  private final String operationId;
  private final boolean idempotent;

  QuotaGate(TrafficControl control, Operation operation) {
    this.control = control;
    this.operationId = operation.getOperationId();
    this.idempotent = operation.getParameters().stream().anyMatch(p -> p.getIn() == Location.HEADER
        && p.getName().equalsIgnoreCase("Idempotency-Key") && p.isRequired());
  }

  @Override
  public void handle(RoutingContext ctx) {
    SigningParty caller = Requests.caller(ctx);
    if (caller == null) {
      ctx.next(); // an open operation (no app): nothing to charge to
      return;
    }
    ChannelPolicy p = control.policies().current(caller.id());
    int weight = p.weight(operationId);
    ChannelPolicy.MemberLimit limit = p.perMember().get(operationId);
    String member = limit == null ? null : member(ctx);
    if (weight == 0 && member == null) {
      ctx.next();
      return;
    }
    Charge charge = new Charge(control, ctx, caller.id(), weight, limit,
        member == null ? null : operationId + "|" + control.digest(member), p);
    if (idempotent) {
      DeferredCharge.defer(ctx, charge);
      ctx.addEndHandler(done -> charge.chargeIfSkipped());
      ctx.next();
      return;
    }
    charge.charge().onSuccess(v -> ctx.next()).onFailure(ctx::fail);
  }

  /** The member the call is about, or null when it names none. */
  private static String member(RoutingContext ctx) {
    ValidatedRequest request = Requests.validated(ctx);
    if (request == null) {
      return null;
    }
    for (String name : PATH_MEMBER) {
      var value = request.getPathParameters().get(name);
      if (value != null && value.getString() != null) {
        return name + ":" + value.getString();
      }
    }
    var body = request.getBody();
    if (body != null && body.get() instanceof JsonObject json) {
      for (String name : BODY_MEMBER) {
        String value = json.getString(name);
        if (value != null) {
          return name + ":" + value.toUpperCase(java.util.Locale.ROOT);
        }
      }
    }
    return null;
  }
}
