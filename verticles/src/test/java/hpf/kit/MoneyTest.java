package hpf.kit;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Money is exact to the fen and reads and writes yuan strings. */
class MoneyTest {

  @Test
  void parsesAndPrintsYuan() {
    assertThat(Money.parse("1234.56").fen()).isEqualTo(123456);
    assertThat(Money.parse("0.5").toString()).isEqualTo("0.50");
    assertThat(Money.parse("-3").toString()).isEqualTo("-3.00");
    assertThat(Money.of(new BigDecimal("12.30")).fen()).isEqualTo(1230);
    assertThat(Money.parse("0.10").plus(Money.parse("0.20"))).isEqualTo(Money.parse("0.30"));
  }

  @Test
  void refusesWhatIsNotAnExactAmount() {
    for (String bad : new String[] {"1.234", "1e3", " 1", "01.00", "", "1.", ".5", "NaN"}) {
      assertThatThrownBy(() -> Money.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Money.of(new BigDecimal("0.001"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.ofFen(Long.MAX_VALUE).plus(Money.ofFen(1))).isInstanceOf(ArithmeticException.class);
  }
}
