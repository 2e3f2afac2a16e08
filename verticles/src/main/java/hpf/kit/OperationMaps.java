package hpf.kit;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** Joins the operation handlers of several parts of a room or zone, refusing an operation id answered twice. */
public final class OperationMaps {

  private OperationMaps() {
  }

  @SafeVarargs
  public static Map<String, Handler<RoutingContext>> merge(Map<String, Handler<RoutingContext>>... parts) {
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
