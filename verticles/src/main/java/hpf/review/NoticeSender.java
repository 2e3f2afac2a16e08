package hpf.review;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.identity.SmsGatewayClient;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends the pending rows of a room's SMS notice table after the transactions that wrote them have committed: each is
 * claimed and sent in one transaction (FOR UPDATE SKIP LOCKED: two nodes never send the same one), and a failed send
 * is tried again by the next run, at most {@link #MAX_ATTEMPTS} times (then FAILED). The review room's outcome
 * notices are sent this way, and so are the notices of rooms above it; each room keeps its table and its texts.
 */
public final class NoticeSender {

  public static final int MAX_ATTEMPTS = 5;
  private static final int BATCH = 50;

  /**
   * A notice table, declared by the room that owns it (as an encrypted column is for key rotation): its name, with
   * the columns notice_id, status (PENDING, SENT, FAILED), attempts and sent_at; the owner's claim of one pending
   * notice by its id ($1, FOR UPDATE SKIP LOCKED, no row when another node holds it or it is no longer pending); the
   * column of the claimed row naming the person to tell; and the text, from the claimed row.
   */
  public record Table(String name, String claim, String personColumn, Function<Row, String> text) {

    public Table {
      // The name is spliced into SQL: only a plain lower-case identifier is accepted.
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain SQL identifier: " + name);
      }
    }
  }

  private final Pool pool;
  private final People people;
  private final SmsGatewayClient sms;
  private final Table table;

  public NoticeSender(Pool pool, FieldCipher fields, SmsGatewayClient sms, Table table) {
    this.pool = pool;
    this.people = new People(fields);
    this.sms = sms;
    this.table = table;
  }

  /** Sends pending notices one after the other; answers how many were sent. */
  public Future<Integer> send() {
    return pool.preparedQuery("SELECT notice_id FROM " + table.name()
            + " WHERE status = 'PENDING' ORDER BY notice_id LIMIT $1")
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
    return pool.withTransaction(conn -> conn.preparedQuery(table.claim()).execute(Tuple.of(noticeId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Row notice = rows.iterator().next();
          return people.phone(conn, notice.getString(table.personColumn()))
              .compose(phone -> phone == null ? Future.<Void>failedFuture(new IllegalStateException("no phone"))
                  : sms.send(phone, table.text().apply(notice)))
              .compose(sent -> conn.preparedQuery("UPDATE " + table.name()
                  + " SET status = 'SENT', sent_at = now(), attempts = attempts + 1 WHERE notice_id = $1")
                  .execute(Tuple.of(noticeId)))
              .map(updated -> true);
        }));
  }

  private Future<Void> failed(long noticeId) {
    return pool.preparedQuery("UPDATE " + table.name() + " SET attempts = attempts + 1, "
            + "status = CASE WHEN attempts + 1 >= $2 THEN 'FAILED' ELSE 'PENDING' END "
            + "WHERE notice_id = $1 AND status = 'PENDING'")
        .execute(Tuple.of(noticeId, MAX_ATTEMPTS)).mapEmpty();
  }
}
