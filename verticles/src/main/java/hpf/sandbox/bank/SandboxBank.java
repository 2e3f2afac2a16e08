package hpf.sandbox.bank;

import hpf.crypto.Sm2Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * 挡板 partner banks: each demo bank keeps its own books in memory and speaks both protocols, BDC over TCP on its own
 * loopback port and the JSON variant on the sandbox HTTP server ({@code /banks/{bankCode}/bdc/{TxCode}}), with a
 * control API for testers at {@code /sandbox/banks} ({@link BankControlRoutes}). Pushes (incoming funds, results of
 * uncertain transactions and batches) go to {@link #notices}; the platform's listener for them is settlement's.
 */
public final class SandboxBank {

  /** The center's name on its special accounts. */
  public static final String CENTER_NAME = "住房公积金管理中心";
  /** What each sandbox bank opens the center's special account with. */
  public static final hpf.kit.Money CENTER_OPENING_BALANCE = BankBooks.CENTER_OPENING_BALANCE;
  private static final int KEPT_NOTICES = 200;

  private final Map<String, Sm2Keys.Private> bankKeys;
  private final Sm2Keys.Public centerKey;
  private final int basePort;
  private final Clock clock;
  private final Map<String, SimulatedBank> banks = new LinkedHashMap<>();
  private final Map<String, BdcServer> servers = new LinkedHashMap<>();
  private final Deque<BankNotice> recent = new ArrayDeque<>();
  private volatile Consumer<BankNotice> sink = notice -> { };

  /**
   * {@code bankKeys}: the banks in order with the keys their JSON answers are signed with; {@code centerKey}: the
   * center's public key (session keys are wrapped for it, JSON requests verified with it); {@code basePort}: the
   * first bank's BDC port, the next bank's is one more (0: any free port for each).
   */
  public SandboxBank(Map<String, Sm2Keys.Private> bankKeys, Sm2Keys.Public centerKey, int basePort, Clock clock) {
    this.bankKeys = new LinkedHashMap<>(bankKeys);
    this.centerKey = centerKey;
    this.basePort = basePort;
    this.clock = clock;
  }

  /** The account number of the center's special account at a sandbox bank (opened with 100,000,000.00). */
  public static String centerAccountNo(String bankCode) {
    return bankCode + "350200000000001";
  }

  /** Where the JSON variant of a bank answers, relative to the sandbox HTTP server. */
  public static String jsonBasePath(String bankCode) {
    return "/banks/" + bankCode + "/bdc";
  }

  /** Mounts the JSON variant and the control API on the sandbox router, and starts each bank's BDC listener. */
  public Future<Void> start(Vertx vertx, Router router) {
    bankKeys.keySet().forEach(code -> banks.put(code, new SimulatedBank(code, vertx, clock,
        new BankBooks(code, centerAccountNo(code), CENTER_NAME), this::deliver)));
    new JsonBankRoutes(vertx, banks, bankKeys, centerKey).mount(router);
    new BankControlRoutes(this).mount(router);
    List<Future<Integer>> listening = new ArrayList<>();
    int offset = 0;
    for (SimulatedBank bank : banks.values()) {
      BdcServer server = new BdcServer(bank, centerKey);
      servers.put(bank.bankCode(), server);
      listening.add(server.listen(basePort == 0 ? 0 : basePort + offset++));
    }
    return Future.all(listening).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(servers.values().stream().map(BdcServer::close).toList()).mapEmpty();
  }

  /** The BDC port of a bank (0 when there is no such bank). */
  public int port(String bankCode) {
    BdcServer server = servers.get(bankCode);
    return server == null ? 0 : server.port();
  }

  /** Who receives the banks' pushes (the platform's bank listener, or a test); replaces the previous receiver. */
  public void notices(Consumer<BankNotice> receiver) {
    this.sink = receiver;
  }

  SimulatedBank bank(String bankCode) {
    return banks.get(bankCode);
  }

  Map<String, SimulatedBank> banks() {
    return banks;
  }

  /** Applies a behaviour; "down" closes the bank's BDC listener (connections refused), anything else reopens it. */
  Future<Void> behave(SimulatedBank bank, BankBehaviour behaviour) {
    bank.behave(behaviour);
    BdcServer server = servers.get(bank.bankCode());
    if (behaviour.down() && server.listening()) {
      return server.close();
    }
    if (!behaviour.down() && !server.listening()) {
      return server.listen(0).mapEmpty();
    }
    return Future.succeededFuture();
  }

  List<BankNotice> recentNotices(String bankCode) {
    synchronized (recent) {
      return recent.stream().filter(n -> n.bankCode().equals(bankCode)).toList();
    }
  }

  private void deliver(BankNotice notice) {
    synchronized (recent) {
      recent.addFirst(notice);
      while (recent.size() > KEPT_NOTICES) {
        recent.removeLast();
      }
    }
    sink.accept(notice);
  }
}
