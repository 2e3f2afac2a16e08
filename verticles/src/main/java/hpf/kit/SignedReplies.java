package hpf.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Answers signed with the platform's key, as partner banks require of every answer on their listener. */
public interface SignedReplies {

  /** Sends {@code body} with {@code status}, signed. */
  void json(RoutingContext ctx, int status, JsonObject body);
}
