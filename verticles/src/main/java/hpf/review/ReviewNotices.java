package hpf.review;

import hpf.crypto.FieldCipher;
import hpf.identity.SmsGatewayClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS notices to the applicant at each outcome (approved, returned, refused, cancelled). The notice row is written
 * with the decision and sent after it commits, so an unreachable gateway never holds up or undoes a decision. As
 * with the agreement reminders, a notice is claimed and sent in one transaction ({@link NoticeSender}, SKIP LOCKED:
 * two nodes never send the same one); a failed send is tried again by the next run, at most
 * {@link NoticeSender#MAX_ATTEMPTS} times. The text names the business and its number only: no name, no reason (the
 * applicant reads the reason after logging in).
 */
public final class ReviewNotices {

  private static final Logger LOG = LoggerFactory.getLogger(ReviewNotices.class);
  private static final long EVERY_MILLIS = 60_000;
  /** One pending notice with what its text needs: the business's title and number, the outcome, the applicant. */
  private static final String CLAIM = """
      SELECT n.outcome, c.business_id, c.applicant_person_id, f.title
        FROM review_notice n JOIN review_case c ON c.case_id = n.case_id
        JOIN review_flow f ON f.business_type = c.business_type AND f.version = c.flow_version
       WHERE n.notice_id = $1 AND n.status = 'PENDING' FOR UPDATE OF n SKIP LOCKED""";

  private final NoticeSender sender;
  private final AtomicBoolean running = new AtomicBoolean();
  /** A decision committed while a run was under way: run again after it, so its notice does not wait a minute. */
  private final AtomicBoolean again = new AtomicBoolean();

  public ReviewNotices(Pool pool, FieldCipher fields, SmsGatewayClient sms) {
    this.sender = new NoticeSender(pool, fields, sms, new NoticeSender.Table("review_notice", CLAIM,
        "applicant_person_id", n -> text(n.getString("title"), n.getString("business_id"), n.getString("outcome"))));
  }

  /** The notice of an outcome, in the decision's transaction. */
  static Future<Void> queue(SqlConnection tx, String caseId, long actionId, String state) {
    return tx.preparedQuery("INSERT INTO review_notice (case_id, action_id, outcome) VALUES ($1, $2, $3)")
        .execute(Tuple.of(caseId, actionId, state)).mapEmpty();
  }

  /** Retries what is left every minute on this node; the timer ends with the Vert.x instance. */
  public void schedule(Vertx vertx) {
    vertx.setPeriodic(EVERY_MILLIS, id -> due());
  }

  /** Sends what is pending (once more after a run under way on this node); failures are logged, not raised. */
  public void due() {
    again.set(true);
    if (running.compareAndSet(false, true)) {
      again.set(false);
      send().onComplete(done -> {
        running.set(false);
        if (done.failed()) {
          LOG.warn("review notices not sent: {}", done.cause().getMessage());
        }
        if (again.get()) {
          due();
        }
      });
    }
  }

  /** Sends pending notices one after the other; answers how many were sent. */
  public Future<Integer> send() {
    return sender.send();
  }

  static String text(String title, String businessId, String outcome) {
    String what = "【住房公积金】您的" + title + "（编号 " + businessId + "）";
    return what + switch (outcome) {
      case "APPROVED" -> "已审批通过，请留意后续办理通知。";
      case "RETURNED" -> "需补正材料，请登录网上业务大厅或手机 App 查看退回原因，补正后重新提交。";
      case "REFUSED" -> "未获批准，请登录网上业务大厅或手机 App 查看原因。";
      default -> "已按您的要求撤销。";
    };
  }
}
