package hpf.calendar;

import hpf.audit.AuditLog;
import hpf.kit.BusinessClock;
import hpf.kit.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business calendar room: owns the business date (营业日) of the platform's {@link BusinessClock}. In production the
 * date is the calendar date; in the sandbox an operator may move it ahead, and every instance follows within a few
 * seconds (each reads the stored distance on start and then on a timer; the instance that moved it, at once).
 */
public final class BusinessCalendar {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessCalendar.class);
  /** How often a sandbox instance looks whether another one moved the date. */
  static final long FOLLOW_MILLIS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final BusinessClock clock;
  private final boolean movable;
  private final CalendarAdmin admin;

  public BusinessCalendar(Vertx vertx, Pool pool, BusinessClock clock, boolean movable, AuditLog audit,
                          Idempotency idempotency) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.movable = movable;
    this.admin = new CalendarAdmin(this, audit, idempotency);
  }

  /** Reads the stored distance before anything serves; in the sandbox, keeps following it. */
  public Future<Void> start() {
    if (!movable) {
      return Future.succeededFuture(); // production: the business date is the calendar date, whatever is stored
    }
    return follow().onSuccess(v -> vertx.setPeriodic(FOLLOW_MILLIS, id -> follow()
        .onFailure(e -> LOG.atWarn().setCause(e).log("could not read the business calendar; keeping the last date"))));
  }

  public Map<String, Handler<RoutingContext>> adminOperations() {
    return admin.operations();
  }

  public BusinessClock clock() {
    return clock;
  }

  boolean movable() {
    return movable;
  }

  private Future<Void> follow() {
    return pool.query("SELECT days_ahead FROM business_calendar WHERE id = 1").execute()
        .map(rows -> {
          clock.daysAhead(rows.iterator().next().getInteger("days_ahead"));
          return null;
        });
  }

  /** The stored distance, locked until the caller's transaction ends (one move at a time). */
  Future<Integer> lockedDaysAhead(SqlConnection conn) {
    return conn.query("SELECT days_ahead FROM business_calendar WHERE id = 1 FOR UPDATE").execute()
        .map(rows -> rows.iterator().next().getInteger("days_ahead"));
  }

  Future<Void> store(SqlConnection conn, int daysAhead, String operator) {
    return conn.preparedQuery("UPDATE business_calendar SET days_ahead = $1, moved_at = now(), moved_by = $2 "
            + "WHERE id = 1").execute(Tuple.of(daysAhead, operator)).mapEmpty();
  }

  /** This instance's clock follows a committed move at once (the others within {@link #FOLLOW_MILLIS}). */
  void moved(int daysAhead) {
    clock.daysAhead(daysAhead);
  }

  LocalDate calendarDate() {
    return clock.calendarDate();
  }
}
