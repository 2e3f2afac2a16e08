package hpf.review;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.identity.SmsGatewayClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS notices to the applicant at each outcome (approved, returned, refused, cancelled). The notice row is written
 * with the decision and sent after it commits, so an unreachable gateway never holds up or undoes a decision. As
 * with the agreement reminders, a notice is claimed and sent in one transaction (SKIP LOCKED: two nodes never send
 * the same one); a failed send is tried again by the next run, at most {@link #MAX_ATTEMPTS} times. The text names
 * the business and its number only: no name, no reason (the applicant reads the reason after logging in).
 */
public final class ReviewNotices {

  private static final Logger LOG = LoggerFactory.getLogger(ReviewNotices.class);
  static final int MAX_ATTEMPTS = 5;
  private static final int BATCH = 50;
  private static final long EVERY_MILLIS = 60_000;

  private final Pool pool;
  private final People people;
  private final SmsGatewayClient sms;
  private final AtomicBoolean running = new AtomicBoolean();
  /** A decision committed while a run was under way: run again after it, so its notice does not wait a minute. */
  private final AtomicBoolean again = new AtomicBoolean();

  public ReviewNotices(Pool pool, FieldCipher fields, SmsGatewayClient sms) {
    this.pool = pool;
    this.people = new People(fields);
    this.sms = sms;
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
    return pool.preparedQuery("""
            SELECT notice_id FROM review_notice WHERE status = 'PENDING' ORDER BY notice_id LIMIT $1""")
        .execute(Tuple.of(BATCH)).compose(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getLong("notice_id")));
          Future<Integer> chain = Future.succeededFuture(0);
          for (long id : ids) {
            chain = chain.compose(sent -> one(id).map(done -> done ? sent + 1 : sent)
                // One unreachable phone or gateway does not stop the others.
                .recover(e -> failed(id).map(sent)));
          }
          return chain;
        });
  }

  private Future<Boolean> one(long noticeId) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT n.outcome, c.business_id, c.applicant_person_id, f.title
              FROM review_notice n JOIN review_case c ON c.case_id = n.case_id
              JOIN review_flow f ON f.business_type = c.business_type AND f.version = c.flow_version
             WHERE n.notice_id = $1 AND n.status = 'PENDING' FOR UPDATE OF n SKIP LOCKED""")
        .execute(Tuple.of(noticeId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Row notice = rows.iterator().next();
          return people.phone(conn, notice.getString("applicant_person_id"))
              .compose(phone -> phone == null ? Future.<Void>failedFuture(new IllegalStateException("no phone"))
                  : sms.send(phone, text(notice.getString("title"), notice.getString("business_id"),
                      notice.getString("outcome"))))
              .compose(sent -> conn.preparedQuery("""
                      UPDATE review_notice SET status = 'SENT', sent_at = now(), attempts = attempts + 1
                       WHERE notice_id = $1""").execute(Tuple.of(noticeId)))
              .map(updated -> true);
        }));
  }

  private Future<Void> failed(long noticeId) {
    return pool.preparedQuery("""
            UPDATE review_notice SET attempts = attempts + 1,
                   status = CASE WHEN attempts + 1 >= $2 THEN 'FAILED' ELSE 'PENDING' END
             WHERE notice_id = $1 AND status = 'PENDING'""")
        .execute(Tuple.of(noticeId, MAX_ATTEMPTS)).mapEmpty();
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
