package hpf.kit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Business dates and months are Beijing's, whatever the zone of the clock they are read from. */
class BusinessTimeTest {

  @Test
  void businessDateIsBeijingsWhateverTheClocksZone() {
    // 16:30 UTC on the last day of June is already 1 July, 00:30, in Beijing.
    Clock utc = Clock.fixed(Instant.parse("2026-06-30T16:30:00Z"), ZoneId.of("UTC"));
    assertThat(BusinessTime.today(utc)).isEqualTo(LocalDate.of(2026, 7, 1));
    assertThat(BusinessTime.month(utc)).isEqualTo(YearMonth.of(2026, 7));
    assertThat(BusinessTime.today(utc.withZone(ZoneId.of("America/New_York")))).isEqualTo(LocalDate.of(2026, 7, 1));
    assertThat(BusinessTime.ZONE).isEqualTo(ZoneId.of("Asia/Shanghai"));
  }
}
