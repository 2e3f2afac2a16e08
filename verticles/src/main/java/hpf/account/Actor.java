package hpf.account;

import hpf.identity.Caller;
import hpf.identity.SessionAuth;
import hpf.kit.Requests;
import io.vertx.ext.web.RoutingContext;

/** Who made a change, as the history tables keep it: the session's subject and kind, the channel app, the request. */
record Actor(String id, String kind, String channel, String requestId) {

  static Actor of(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    return new Actor(caller.subjectId(), caller.kind(), Requests.caller(ctx).id(), Requests.requestId(ctx));
  }
}
