package hpf.calendar;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Operators read the business date; in the sandbox they move it (audited, one move at a time). */
final class CalendarAdmin {

  /** Ten years: far enough for any loan's life in the sandbox, bounded so a typo cannot land in year 9999. */
  static final int MAX_DAYS_AHEAD = 3660;

  static final Problem FIXED = new Problem(409, "BUSINESS_DATE_FIXED", "营业日不可调整",
      "生产环境的营业日即日历日期，只有沙箱可以调整营业日。");
  static final Problem BEFORE_CALENDAR = new Problem(422, "BUSINESS_DATE_BEFORE_CALENDAR", "营业日不能早于今天",
      "营业日只能设为今天（日历日期）或以后的日期。");
  static final Problem TOO_FAR = new Problem(422, "BUSINESS_DATE_TOO_FAR", "营业日超出可调整范围",
      "营业日最多比日历日期提前 " + MAX_DAYS_AHEAD + " 天。");

  private final BusinessCalendar calendar;
  private final AuditLog audit;
  private final Idempotency idempotency;

  CalendarAdmin(BusinessCalendar calendar, AuditLog audit, Idempotency idempotency) {
    this.calendar = calendar;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getBusinessDate", ctx -> ctx.json(view(calendar.clock().daysAhead())),
        "moveBusinessDate", idempotency.write("moveBusinessDate", ctx -> "operator:" + Requests.operator(ctx),
            this::move, answer -> calendar.moved(answer.body().getInteger("daysAhead"))));
  }

  private Future<Idempotency.Answer> move(RoutingContext ctx, SqlConnection conn) {
    if (!calendar.movable()) {
      return Future.failedFuture(new ProblemException(FIXED));
    }
    LocalDate target;
    try {
      target = date(Requests.validated(ctx).getBody().getJsonObject().getString("businessDate"));
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    long ahead = ChronoUnit.DAYS.between(calendar.calendarDate(), target);
    if (ahead < 0) {
      return Future.failedFuture(new ProblemException(BEFORE_CALENDAR));
    }
    if (ahead > MAX_DAYS_AHEAD) {
      return Future.failedFuture(new ProblemException(TOO_FAR));
    }
    String operator = Requests.operator(ctx);
    return calendar.lockedDaysAhead(conn)
        .compose(before -> calendar.store(conn, (int) ahead, operator)
            .compose(v -> audit.append(conn, new AuditEntry(operator, "OPERATOR", "admin", "moveBusinessDate",
                "calendar:business-date", "OK", Requests.requestId(ctx),
                Map.of("from", calendar.calendarDate().plusDays(before).toString(), "to", target.toString())))))
        .map(seq -> new Idempotency.Answer(200, view(ahead)));
  }

  private JsonObject view(long daysAhead) {
    LocalDate today = calendar.calendarDate();
    return new JsonObject().put("businessDate", today.plusDays(daysAhead).toString())
        .put("calendarDate", today.toString()).put("daysAhead", daysAhead).put("movable", calendar.movable());
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.validation("businessDate：不是有效的日期（yyyy-MM-dd）。",
          new io.vertx.core.json.JsonArray().add(new JsonObject().put("field", "businessDate").put("in", "body")
              .put("reason", "格式不正确"))));
    }
  }
}
