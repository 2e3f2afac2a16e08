package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.SettlementFixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A loan test on the shared platform that moves money: the desk, and a settlement dispatcher of its own for each
 * test (the shared platform does not dispatch), started before the test's own set-up and stopped (waiting until
 * idle) after its own tear-down, so no round of it can settle the next test's rows.
 */
@ExtendWith(VertxExtension.class)
abstract class DispatchingLoanTest {

  protected LoanContractDesk cd;
  protected Dispatcher dispatcher;

  @BeforeEach
  void startDispatcher(Vertx vertx) throws Exception {
    cd = new LoanContractDesk(vertx);
    dispatcher = new SettlementFixture(vertx).dispatcher(getClass().getSimpleName() + "-" + UUID.randomUUID(),
        TestPlatform.app().vertx(), TestPlatform.app().pool(), DispatchTuning.defaults());
    dispatcher.start();
  }

  @AfterEach
  void stopDispatcher() throws Exception {
    SettlementFixture.stop(dispatcher);
  }
}
