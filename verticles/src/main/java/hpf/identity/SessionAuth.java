package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiConsumer;

/** Wraps operations that need a logged-in caller: {@code Authorization: Bearer <access token>}. */
public final class SessionAuth {

  private static final String KEY_CALLER = "hpf.caller";
  private final Sessions sessions;

  public SessionAuth(Sessions sessions) {
    this.sessions = sessions;
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(KEY_CALLER);
  }

  /** The scope of the caller's idempotency keys: its kind and id. */
  public static String callerKey(RoutingContext ctx) {
    Caller caller = caller(ctx);
    return caller.kind() + ":" + caller.subjectId();
  }

  /** The audit record of a successful write by the session's caller through its channel app. */
  public static AuditEntry audited(RoutingContext ctx, String operation, String target, Map<String, String> details) {
    Caller caller = caller(ctx);
    return new AuditEntry(caller.subjectId(), caller.kind(), Requests.caller(ctx).id(), operation, target, "OK",
        Requests.requestId(ctx), details);
  }

  /**
   * A read of a member's or employer's own records: the session's caller must be that owner (the id in the path's
   * {@code personId} or {@code employerId}) or service staff; the read is given the owner's id.
   */
  public Handler<RoutingContext> requireOwner(String ownerKind, BiConsumer<RoutingContext, String> read) {
    String parameter = Caller.MEMBER.equals(ownerKind) ? "personId" : "employerId";
    return require(ctx -> {
      String ownerId = Requests.validated(ctx).getPathParameters().get(parameter).getString();
      Problem refused = Profiles.refusal(caller(ctx), ownerKind, ownerId);
      if (refused != null) {
        ctx.fail(new ProblemException(refused));
        return;
      }
      read.accept(ctx, ownerId);
    });
  }

  public Handler<RoutingContext> require(Handler<RoutingContext> operation) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 4096) {
        ctx.fail(new ProblemException(IdentityProblems.sessionRequired()));
        return;
      }
      sessions.authenticate(header.substring(7).trim()).onSuccess(caller -> {
        // A session is used through the app that opened it: a token copied to another app is refused.
        if (!caller.appId().equals(Requests.caller(ctx).id())) {
          ctx.fail(new ProblemException(IdentityProblems.sessionRequired()));
          return;
        }
        ctx.put(KEY_CALLER, caller);
        try {
          operation.handle(ctx);
        } catch (RuntimeException e) {
          // Thrown from a success callback it would be lost; the request must still be answered.
          ctx.fail(e);
        }
      }).onFailure(ctx::fail);
    };
  }
}
