package hpf.withdrawal;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.identity.SmsGatewayClient;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reminds members by SMS that an agreement ends within {@link #DAYS_AHEAD} days and can be renewed. The reminder
 * row is claimed and the message sent in one transaction: a failed send leaves no row and is tried again on the
 * next run; two nodes cannot both claim it.
 */
final class AgreementReminders {

  static final int DAYS_AHEAD = 30;

  private final Pool pool;
  private final People people;
  private final SmsGatewayClient sms;

  AgreementReminders(Pool pool, FieldCipher fields, SmsGatewayClient sms) {
    this.pool = pool;
    this.people = new People(fields);
    this.sms = sms;
  }

  /** Answers how many reminders were sent by this run. */
  Future<Integer> run(LocalDate today) {
    return pool.preparedQuery("""
            SELECT a.agreement_id, a.ends_on, a.monthly_amount, a.person_id
              FROM withdrawal_agreement a
             WHERE a.status = 'ACTIVE' AND a.ends_on BETWEEN $1 AND $2
               AND NOT EXISTS (SELECT 1 FROM withdrawal_agreement_reminder r
                                WHERE r.agreement_id = a.agreement_id AND r.ends_on = a.ends_on)
             ORDER BY a.agreement_id""")
        .execute(Tuple.of(today, today.plusDays(DAYS_AHEAD)))
        .compose(rows -> {
          List<Row> due = new ArrayList<>();
          rows.forEach(due::add);
          Future<Integer> chain = Future.succeededFuture(0);
          for (Row agreement : due) {
            chain = chain.compose(sent -> remind(agreement).map(done -> done ? sent + 1 : sent)
                // One unreachable gateway or phone does not stop the others; it is tried again next run.
                .otherwise(sent));
          }
          return chain;
        });
  }

  private Future<Boolean> remind(Row agreement) {
    String personId = agreement.getString("person_id");
    String text = "【住房公积金】您的按月租房提取约定将于 " + agreement.getLocalDate("ends_on")
        + " 到期，如需继续提取请在到期前通过网上大厅、手机 App 或柜台办理续期。";
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO withdrawal_agreement_reminder (agreement_id, ends_on) VALUES ($1, $2)
            ON CONFLICT DO NOTHING RETURNING agreement_id""")
        .execute(Tuple.of(agreement.getString("agreement_id"), agreement.getLocalDate("ends_on")))
        .compose(claimed -> claimed.size() == 0 ? Future.succeededFuture(false)
            : people.phone(conn, personId).compose(phone -> sms.send(phone, text)).map(sent -> true)));
  }
}
