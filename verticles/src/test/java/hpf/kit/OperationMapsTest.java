package hpf.kit;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Joined operation maps refuse an operation answered twice. */
class OperationMapsTest {

  @Test
  void operationMapsRefuseAnOperationAnsweredTwice() {
    Handler<RoutingContext> a = ctx -> { };
    Handler<RoutingContext> b = ctx -> { };
    assertThat(OperationMaps.merge(Map.of("one", a), Map.of("two", b))).containsOnlyKeys("one", "two");
    assertThatThrownBy(() -> OperationMaps.merge(Map.of("one", a), Map.of("one", b)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("one");
  }
}
