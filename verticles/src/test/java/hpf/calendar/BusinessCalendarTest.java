package hpf.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.BusinessClock;
import hpf.kit.BusinessTime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox moves the business date ahead over the admin API (audited, bounded, never before the calendar date),
 * every room's clock follows while instants stay real, and an instance that is not a sandbox ignores a stored move.
 */
@ExtendWith(VertxExtension.class)
class BusinessCalendarTest {

  private WebClient client;

  @AfterEach
  void backToTheCalendar() throws Exception {
    move(BusinessTime.today(Clock.systemUTC()).toString());
  }

  @Test
  void anOperatorMovesTheSandboxBusinessDateAheadAndBack(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    BusinessClock clock = TestPlatform.app().clock();
    LocalDate calendar = clock.calendarDate();

    HttpResponse<Buffer> before = get();
    contract.conforms("getBusinessDate", before);
    assertThat(before.bodyAsJsonObject()).isEqualTo(new JsonObject().put("businessDate", calendar.toString())
        .put("calendarDate", calendar.toString()).put("daysAhead", 0).put("movable", true));

    LocalDate target = calendar.plusDays(40);
    HttpResponse<Buffer> moved = move(target.toString());
    contract.conforms("moveBusinessDate", moved);
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(moved.bodyAsJsonObject().getInteger("daysAhead")).isEqualTo(40);
    assertThat(BusinessTime.today(clock)).isEqualTo(target);
    assertThat(BusinessTime.today(clock.withZone(java.time.ZoneOffset.UTC))).isEqualTo(target);
    // Instants do not move: timestamps, signatures and sessions keep real time.
    assertThat(Math.abs(clock.millis() - System.currentTimeMillis())).isLessThan(60_000);
    assertThat(get().bodyAsJsonObject().getString("businessDate")).isEqualTo(target.toString());
    assertThat(TestPlatform.app().pool().preparedQuery("""
            SELECT count(*) FROM audit_log WHERE operation = 'moveBusinessDate' AND details ->> 'to' = $1""")
        .execute(io.vertx.sqlclient.Tuple.of(target.toString())).await(10, TimeUnit.SECONDS)
        .iterator().next().getLong(0)).isEqualTo(1);

    HttpResponse<Buffer> past = move(calendar.minusDays(1).toString());
    contract.conforms("moveBusinessDate", past);
    assertThat(past.statusCode()).isEqualTo(422);
    assertThat(past.bodyAsJsonObject().getString("code")).isEqualTo("BUSINESS_DATE_BEFORE_CALENDAR");
    HttpResponse<Buffer> far = move(calendar.plusDays(CalendarAdmin.MAX_DAYS_AHEAD + 1).toString());
    assertThat(far.bodyAsJsonObject().getString("code")).isEqualTo("BUSINESS_DATE_TOO_FAR");
    assertThat(BusinessTime.today(clock)).isEqualTo(target);

    HttpResponse<Buffer> back = move(calendar.toString());
    assertThat(back.bodyAsJsonObject().getInteger("daysAhead")).isZero();
    assertThat(BusinessTime.today(clock)).isEqualTo(calendar);
  }

  @Test
  void anotherInstanceFollowsAMoveAndProductionIgnoresIt(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    Pool pool = TestPlatform.app().pool();
    BusinessClock sandboxClock = new BusinessClock(Clock.systemUTC());
    BusinessClock productionClock = new BusinessClock(Clock.systemUTC());
    BusinessCalendar sandbox = new BusinessCalendar(vertx, pool, sandboxClock, true, null, null);
    BusinessCalendar production = new BusinessCalendar(vertx, pool, productionClock, false, null, null);
    sandbox.start().await(10, TimeUnit.SECONDS);
    production.start().await(10, TimeUnit.SECONDS);

    LocalDate target = sandboxClock.calendarDate().plusDays(7);
    assertThat(move(target.toString()).statusCode()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 30_000;
    while (!BusinessTime.today(sandboxClock).equals(target) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(BusinessTime.today(sandboxClock)).isEqualTo(target);
    assertThat(BusinessTime.today(productionClock)).isEqualTo(productionClock.calendarDate());
  }

  private HttpResponse<Buffer> get() throws Exception {
    return client.get(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/business-date")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR)).send()
        .await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> move(String date) throws Exception {
    return client.put(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/business-date")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "cal-" + UUID.randomUUID())
        .sendJsonObject(new JsonObject().put("businessDate", date)).await(10, TimeUnit.SECONDS);
  }
}
