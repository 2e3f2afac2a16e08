package hpf.review;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test business type's owner: records what it heard ("approved:businessId:step:staff:reason") and refuses the
 * outcomes of the business ids it is told to, as an owner whose own checks fail would.
 */
final class RecordingOutcomes implements ReviewOutcomes {

  static final Problem OWNER_REFUSED = new Problem(422, "TEST_OWNER_REFUSED", "业务模块不接受", "测试用业务模块拒绝该结论。");

  final List<String> heard = new CopyOnWriteArrayList<>();
  final Set<String> failOn = ConcurrentHashMap.newKeySet();

  @Override
  public Future<Void> approved(SqlConnection tx, ReviewDecision d) {
    return hear(tx, "approved", d);
  }

  @Override
  public Future<Void> refused(SqlConnection tx, ReviewDecision d) {
    return hear(tx, "refused", d);
  }

  @Override
  public Future<Void> returned(SqlConnection tx, ReviewDecision d) {
    return hear(tx, "returned", d);
  }

  @Override
  public Future<Void> cancelled(SqlConnection tx, ReviewDecision d) {
    return hear(tx, "cancelled", d);
  }

  List<String> of(String businessId) {
    return heard.stream().filter(h -> h.split(":")[1].equals(businessId)).toList();
  }

  private Future<Void> hear(SqlConnection tx, String kind, ReviewDecision d) {
    if (failOn.contains(d.businessId())) {
      return Future.failedFuture(new ProblemException(OWNER_REFUSED));
    }
    // On the decision's connection, inside its transaction: the case row is already changed there.
    return tx.preparedQuery("SELECT state FROM review_case WHERE case_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(d.caseId()))
        .map(rows -> {
          heard.add(kind + ":" + d.businessId() + ":" + d.step() + ":" + d.staffId() + ":" + d.reason() + ":"
              + rows.iterator().next().getString("state"));
          return null;
        });
  }
}
