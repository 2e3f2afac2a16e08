package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * A write to a borrower's loan ({@code …/members/{personId}/loan-contracts/{contractId}/…}): the path's person and
 * contract and the session's caller, allowed only for the borrower themself or service staff (the member write rule).
 */
record BorrowerWrite(String personId, String contractId, Caller caller) {

  /** The write of this request, or failed with the write refusal. */
  static Future<BorrowerWrite> of(RoutingContext ctx) {
    var path = Requests.validated(ctx).getPathParameters();
    String personId = path.get("personId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    return refused != null ? Future.failedFuture(new ProblemException(refused))
        : Future.succeededFuture(new BorrowerWrite(personId, path.get("contractId").getString(), caller));
  }

  /** Who acts, as recorded on the loan's rows ({@code KIND:subject}). */
  String actor() {
    return caller.kind() + ":" + caller.subjectId();
  }

  boolean staff() {
    return caller.is(Caller.STAFF);
  }
}
