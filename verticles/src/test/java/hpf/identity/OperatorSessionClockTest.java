package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Operator sessions on a clock the test moves: idle expiry moves with each use, the absolute lifetime does not. */
class OperatorSessionClockTest {

  /** A clock that stands still until moved. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final OperatorPolicy policy = new OperatorPolicy(Duration.ofMinutes(15), Duration.ofHours(8), 5,
      Duration.ofMinutes(15), 50, Duration.ofMinutes(15), "HPF");
  private final String username = TestOperators.username(TestOperators.AUDITOR);

  @Test
  void aSessionUsedWithinTheIdleTimeoutStaysAndOneLeftIdleEnds() throws Exception {
    MovableClock clock = new MovableClock();
    OperatorSessions sessions = new OperatorSessions(TestPlatform.app().pool(), policy, clock);
    String token = sessions.open(username).await(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(14));
    assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS).username()).isEqualTo(username);
    clock.advance(Duration.ofMinutes(14));
    assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS)).isNotNull();
    clock.advance(Duration.ofMinutes(15));
    assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS)).isNull();
    // A failed use does not revive it.
    assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aSessionInConstantUseEndsAtItsAbsoluteLifetime() throws Exception {
    MovableClock clock = new MovableClock();
    OperatorSessions sessions = new OperatorSessions(TestPlatform.app().pool(), policy, clock);
    String token = sessions.open(username).await(10, TimeUnit.SECONDS);
    for (int minutes = 10; minutes < 8 * 60; minutes += 10) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS)).as("after %d minutes", minutes).isNotNull();
    }
    clock.advance(Duration.ofMinutes(10));
    assertThat(sessions.authenticate(token).await(10, TimeUnit.SECONDS)).isNull();
    assertThat(sessions.end(token).await(10, TimeUnit.SECONDS)).isTrue();
  }
}
