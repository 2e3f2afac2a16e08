package hpf.settlement.dispatch;

import hpf.isolation.DependencyBusyException;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.isolation.IsolationState;
import hpf.kit.BusinessTime;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Result;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox to the partner banks; one on every instance, each claiming work with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, at most {@code perBankConcurrency} calls in flight per bank and instance, claimed in batches
 * ({@link DispatchTuning#claimBatch}) and all called at once, so no claimed row waits with its lease running. A claimed
 * instruction is SENT before the bank is called, so whatever happens next (an answer, a timeout, this instance
 * dying) it is never sent again blindly: a definite answer settles it (the business room books it in the same
 * transaction), anything else makes it UNKNOWN, resolved only by result queries with the same serial, backing off,
 * then MANUAL_REVIEW. Only a call that certainly did not reach the bank (no connection, the bank's guard isolated
 * or saturated) goes back to PENDING. Every bank call goes through the isolation guard as {@code bank.<code>}.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Vertx vertx;
  private final InstructionStore store;
  private final Map<String, BankGateway> gateways;
  private final Settling settling;
  private final DependencyGuard guard;
  private final Payments payments;
  private final DispatchTuning tuning;
  private final DispatchMetrics metrics;
  private final Clock clock;
  private final String instance;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, LocalDate> signedInOn = new ConcurrentHashMap<>();
  private final BatchStore batches;
  private final BatchRequests requests;
  private final BatchRun batchRun;
  private final BatchTuning batchTuning;
  /** Banks with a batch step (submit, poll) running on this instance: one at a time per bank. */
  private final java.util.Set<String> batching = ConcurrentHashMap.newKeySet();
  /** Per bank: no new file is tried before then (the last try found nothing due): no empty claim every round. */
  private final Map<String, Instant> nextFileAt = new ConcurrentHashMap<>();
  private final AtomicBoolean ticking = new AtomicBoolean();
  /** A slot freed while a round was running: run another round right after it instead of waiting for the timer. */
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;
  /** Set by the poll timer: the next round also turns expired leases into UNKNOWN and re-reads the banks. */
  private volatile boolean expireLeases = true;
  private volatile List<InstructionStore.Bank> banks = List.of();
  private long timer = -1;

  public Dispatcher(Vertx vertx, Pool pool, Map<String, BankGateway> gateways, Map<String, SettlementOutcome> outcomes,
                    DependencyGuard guard, Payments payments, DispatchTuning tuning, DispatchMetrics metrics,
                    Clock clock, String instance) {
    this(vertx, pool, gateways, outcomes, guard, payments, tuning, BatchTuning.defaults(BatchWindow.NEVER), metrics,
        clock, instance);
  }

  /** With batch files: in {@code batchTuning}'s window same-bank payouts go in files, else only on request. */
  public Dispatcher(Vertx vertx, Pool pool, Map<String, BankGateway> gateways, Map<String, SettlementOutcome> outcomes,
                    DependencyGuard guard, Payments payments, DispatchTuning tuning, BatchTuning batchTuning,
                    DispatchMetrics metrics, Clock clock, String instance) {
    this.vertx = vertx;
    this.store = new InstructionStore(pool);
    this.gateways = Map.copyOf(gateways);
    this.settling = new Settling(store, outcomes);
    this.batches = new BatchStore(pool);
    this.requests = new BatchRequests(pool);
    this.batchTuning = batchTuning;
    this.batchRun = new BatchRun(batches, store, settling, guard, payments, tuning, batchTuning, metrics, clock,
        instance);
    this.guard = guard;
    this.payments = payments;
    this.tuning = tuning;
    this.metrics = metrics;
    this.clock = clock;
    this.instance = instance;
  }

  /** The guard's id of a bank. */
  public static String dependencyOf(String bankCode) {
    return "bank." + bankCode;
  }

  public void start() {
    timer = vertx.setPeriodic(tuning.pollInterval().toMillis(), id -> {
      expireLeases = true;
      tick();
    });
  }

  /** Takes no new work; calls in flight finish (their rows keep their lease until they do). */
  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Stopped, and no round nor call still running on this instance: it will claim nothing more. */
  public boolean idle() {
    return stopped && !ticking.get() && inFlight() == 0;
  }

  /** Calls in flight on this instance, all banks (a batch step counts as one). */
  public int inFlight() {
    return inFlight.values().stream().mapToInt(AtomicInteger::get).sum() + batching.size();
  }

  /**
   * The day's sign-out (BDC002) of every bank signed in on this instance, at a graceful stop (after the calls in
   * flight); a bank that does not answer is left as it is (its session ends with the day anyway).
   */
  public Future<Void> signOut() {
    List<Future<Void>> outs = signedInOn.keySet().stream()
        .map(code -> signOut(code).otherwiseEmpty()).toList();
    return Future.join(outs).mapEmpty();
  }

  private Future<Void> signOut(String bankCode) {
    return guard.call(dependencyOf(bankCode), () -> gateways.get(bankCode).signOut())
        .onSuccess(v -> signedInOn.remove(bankCode))
        .onFailure(e -> LOG.atWarn().addKeyValue("bank", bankCode).log("bank sign-out not answered"));
  }

  /**
   * An operator's batch now, whatever the hour: one file of the bank's due same-bank payouts and one of its loan
   * deductions (each at most the tuning's rows) are claimed and submitted; answers whether there was anything to
   * send. The dispatcher polls them as any batch.
   */
  public Future<Boolean> batchNow(String bankCode) {
    BankGateway gateway = gateways.get(bankCode);
    if (gateway == null || stopped) {
      return Future.succeededFuture(false);
    }
    LocalDate today = BusinessTime.today(clock);
    return store.activeBanks().compose(all -> {
      InstructionStore.Bank bank = all.stream().filter(b -> b.bankCode().equals(bankCode)).findFirst().orElse(null);
      return bank == null ? Future.succeededFuture(false)
          : signedIn(bankCode, today).compose(v -> batchRun.submitOne(gateway, bank));
    });
  }

  /** One round: expired leases become UNKNOWN, then each bank's free slots take due sends and due queries. */
  Future<Void> tick() {
    if (stopped) {
      return Future.succeededFuture();
    }
    if (!ticking.compareAndSet(false, true)) {
      again.set(true);
      return Future.succeededFuture();
    }
    boolean housekeeping = expireLeases;
    expireLeases = false;
    Future<List<InstructionStore.Bank>> known = !housekeeping ? Future.succeededFuture(banks)
        : batches.expireBuilding().compose(v -> store.expireLeases()).compose(expired -> batches.expireSubmitting())
            .compose(v -> store.activeBanks())
            .onSuccess(read -> banks = read);
    return known
        .compose(current -> {
          List<InstructionStore.Bank> served = current.stream().filter(b -> gateways.containsKey(b.bankCode())).toList();
          List<String> codes = served.stream().map(InstructionStore.Bank::bankCode).toList();
          // The first served bank (lowest code) clears for payees at banks that are not partner banks: interbank.
          return Future.join(served.stream().map(b -> serve(b, b == served.get(0), codes, housekeeping)).toList())
              .<Void>mapEmpty();
        })
        .onFailure(e -> LOG.atWarn().setCause(e).log("settlement dispatch round failed"))
        .eventually(() -> {
          ticking.set(false);
          if (again.getAndSet(false)) {
            vertx.runOnContext(v -> tick());
          }
          return Future.succeededFuture();
        });
  }

  private Future<Void> serve(InstructionStore.Bank bank, boolean clearing, List<String> partnerBanks,
                             boolean polled) {
    AtomicInteger busy = inFlight.computeIfAbsent(bank.bankCode(), code -> new AtomicInteger());
    int free = tuning.perBankConcurrency() - busy.get();
    // Claims go in batches: a freed slot alone does not make a round of statements for one row; the bank's round
    // waits until a quarter of its slots are free (or nothing is in flight, or the poll timer comes round).
    if (free <= 0 || !polled && busy.get() > 0 && free < tuning.claimBatch()) {
      return Future.succeededFuture();
    }
    // An isolated bank is left alone: its instructions wait as they are (the guard probes it and lifts it).
    if (guard.status(dependencyOf(bank.bankCode())).state() != IsolationState.AVAILABLE) {
      return Future.succeededFuture();
    }
    LocalDate today = BusinessTime.today(clock);
    boolean batchWindow = batchTuning.window().contains(clock.instant());
    return signedIn(bank.bankCode(), today)
        .onSuccess(v -> batchStep(bank, batchWindow))
        .compose(v -> requested(bank))
        .compose(v -> store.claimToSend(bank.bankCode(), clearing, partnerBanks, free, instance, tuning.lease(), today,
            batchWindow))
        .compose(sends -> {
          sends.forEach(c -> run(busy, () -> send(bank, c)));
          int left = tuning.perBankConcurrency() - busy.get();
          return left <= 0 ? Future.<Void>succeededFuture()
              : store.claimToQuery(bank.bankCode(), left, instance, tuning.lease())
                  .map(queries -> {
                    queries.forEach(c -> run(busy, () -> query(c)));
                    return null;
                  });
        });
  }

  /**
   * The day's sign-in (BDC001) before the first send of a business day, after signing out of the day before (BDC002:
   * the end of that business day); a failed sign-in leaves the sends for later.
   */
  private Future<Void> signedIn(String bankCode, LocalDate today) {
    LocalDate signed = signedInOn.get(bankCode);
    if (today.equals(signed)) {
      return Future.succeededFuture();
    }
    Future<Void> dayEnded = signed == null ? Future.succeededFuture() : signOut(bankCode).otherwiseEmpty();
    return dayEnded.compose(v -> guard.call(dependencyOf(bankCode), () -> gateways.get(bankCode).signIn()))
        .onSuccess(v -> signedInOn.put(bankCode, today));
  }

  /**
   * An operator's request for a batch of the bank, if one is open: the rows of its files (same-bank payouts, loan
   * deductions) are claimed before this round's singles (so they go in the files), the files are built and
   * submitted in the background. The request records the first file (payouts if any).
   */
  private Future<Void> requested(InstructionStore.Bank bank) {
    return requests.takeRequest(bank.bankCode(), instance).compose(request -> request == null
        ? Future.<Void>succeededFuture()
        : batchRun.claim(bank, BankGateway.FileKind.PAYMENT).compose(paid ->
            batchRun.claim(bank, BankGateway.FileKind.LOAN_DEDUCTION).compose(deducted -> {
              BatchStore.Opened first = paid != null ? paid : deducted;
              return requests.requestDone(request, first == null ? null : first.batchId()).onSuccess(v -> {
                AtomicInteger busy = inFlight.computeIfAbsent(bank.bankCode(), code -> new AtomicInteger());
                for (BatchStore.Opened opened : java.util.Arrays.asList(paid, deducted)) {
                  if (opened != null) {
                    run(busy, () -> batchRun.send(gateways.get(bank.bankCode()), bank, opened));
                  }
                }
              });
            })));
  }

  /**
   * The bank's batch work on this instance, one step at a time: in the window a new file of its same-bank payouts
   * and one of its loan deductions, and in any case a poll of one of its batches due; a step that found work is
   * followed by the next at once.
   */
  private void batchStep(InstructionStore.Bank bank, boolean inWindow) {
    String code = bank.bankCode();
    if (stopped || !batching.add(code)) {
      return;
    }
    BankGateway gateway = gateways.get(code);
    Future<Boolean> step;
    Instant now = clock.instant();
    boolean tryFile = inWindow && !now.isBefore(nextFileAt.getOrDefault(code, Instant.MIN));
    try {
      step = (tryFile ? batchRun.submitOne(gateway, bank) : Future.succeededFuture(false))
          .onSuccess(sent -> {
            if (!sent) {
              nextFileAt.put(code, now.plus(tuning.pollInterval()));
            }
          })
          .compose(submitted -> batchRun.pollOne(gateway, code).map(polled -> submitted || polled));
    } catch (RuntimeException e) {
      step = Future.failedFuture(e);
    }
    step.onFailure(e -> LOG.atError().setCause(e).addKeyValue("bank", code).log("settlement batch step failed"))
        .onComplete(ar -> {
          batching.remove(code);
          if (ar.succeeded() && ar.result()) {
            tick();
          }
        });
  }

  private void run(AtomicInteger busy, java.util.function.Supplier<Future<Void>> work) {
    busy.incrementAndGet();
    Future<Void> done;
    try {
      done = work.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onFailure(e -> LOG.atError().setCause(e).log("settlement dispatch step failed"))
        .onComplete(ar -> {
          busy.decrementAndGet();
          // A slot is free: fill it now rather than at the next poll (the poll is for new work, not for pacing).
          tick();
        });
  }

  private Future<Void> send(InstructionStore.Bank bank, InstructionStore.Claimed c) {
    BankGateway gateway = gateways.get(bank.bankCode());
    long started = System.nanoTime();
    return payments.of(c, bank)
        .compose(payment -> guard.call(dependencyOf(bank.bankCode()),
            () -> c.collection() ? gateway.collect(payment) : gateway.pay(payment)))
        .transform(ar -> {
          metrics.latency(bank.bankCode(), System.nanoTime() - started);
          return ar.succeeded() ? answered(c, "SEND", ar.result())
              : notAnswered(c, "SEND", ar.cause());
        });
  }

  private Future<Void> query(InstructionStore.Claimed c) {
    BankGateway gateway = gateways.get(c.payingBank());
    LocalDate sentOn = c.sentOn() == null ? BusinessTime.today(clock) : c.sentOn();
    // A batch row is known to the bank by its bank serial only.
    return guard.call(dependencyOf(c.payingBank()), () -> gateway.query(sentOn, c.knownAs()))
        .transform(ar -> ar.succeeded() ? answered(c, "QUERY", ar.result()) : notAnswered(c, "QUERY", ar.cause()));
  }

  /** The bank answered: final, or not yet (UNKNOWN, or a query that finds nothing). */
  private Future<Void> answered(InstructionStore.Claimed c, String kind, Result result) {
    Outcome outcome = result.outcome();
    Future<Void> logged = store.log(poolOf(), c.instructionId(), kind, outcome.name(), result, instance);
    if (outcome == Outcome.SUCCEEDED || outcome == Outcome.FAILED) {
      return logged.compose(v -> settle(c, outcome, result));
    }
    int checks = "QUERY".equals(kind) ? c.checks() + 1 : c.checks();
    // A batch row the bank does not know is not sent again: its file may still be on its way through the bank.
    if (outcome == Outcome.NOT_FOUND && !c.batchRow() && c.lastSentAt() != null
        && c.lastSentAt().plus(tuning.resendAfter()).isBefore(clock.instant())) {
      // The bank has no such transaction, and the send is surely over: it never arrived. Same serial again.
      return logged.compose(v -> store.requeue(c, instance, clock.instant())).map(moved -> count(c, "resent"));
    }
    if (checks >= tuning.maxChecks()) {
      return logged.compose(v -> store.toManualReview(c, instance, checks,
              "银行 " + checks + " 次查询仍无最终结果，转人工核实"))
          .map(moved -> count(c, "manual_review"));
    }
    return logged.compose(v -> store.unknown(c, instance, next(checks), checks, result)).map(moved -> count(c, "unknown"));
  }

  /** No business answer: certainly not received (back to PENDING), or possibly received (UNKNOWN). */
  private Future<Void> notAnswered(InstructionStore.Claimed c, String kind, Throwable failure) {
    boolean notReceived = failure instanceof DependencyIsolatedException || failure instanceof DependencyBusyException
        || failure instanceof BankException b && b.kind() != BankException.Kind.UNCERTAIN;
    String outcome = notReceived ? "NOT_SENT" : "UNCERTAIN";
    Future<Void> logged = store.log(poolOf(), c.instructionId(), kind, outcome,
        new Result(Outcome.UNKNOWN, null, failure.getClass().getSimpleName(), null), instance);
    if ("QUERY".equals(kind)) {
      // A query that went unanswered tells nothing: ask again later (it does not count as a check when not sent).
      int checks = notReceived ? c.checks() : c.checks() + 1;
      return logged.compose(v -> checks >= tuning.maxChecks()
          ? store.toManualReview(c, instance, checks, "银行结果查询多次无应答，转人工核实").map(m -> count(c, "manual_review"))
          : store.unknown(c, instance, next(checks), checks, null).map(m -> count(c, "unknown")));
    }
    if (notReceived) {
      return logged.compose(v -> store.requeue(c, instance, clock.instant().plus(tuning.notSentRetry())))
          .map(moved -> count(c, "not_sent"));
    }
    return logged.compose(v -> store.unknown(c, instance, next(0), c.checks(), null)).map(moved -> count(c, "unknown"));
  }

  /**
   * The final state and the business room's booking in one transaction. If the room cannot book it (a defect),
   * nothing commits and the instruction goes to MANUAL_REVIEW: the bank's answer is in the attempt log.
   */
  private Future<Void> settle(InstructionStore.Claimed c, Outcome outcome, Result result) {
    String status = outcome.name();
    return poolOf().withTransaction(conn -> settling.settle(conn, c, instance, outcome, result,
            BusinessTime.today(clock)))
        .map(mine -> count(c, mine ? status.toLowerCase(java.util.Locale.ROOT) : "lease_lost"))
        .recover(e -> {
          LOG.atError().setCause(e).addKeyValue("instruction", c.instructionId()).addKeyValue("status", status)
              .log("settled instruction could not be booked; sent to manual review");
          return store.toManualReview(c, instance, c.checks(), "银行结果为 " + status + "，业务入账失败，转人工核实")
              .map(moved -> count(c, "manual_review"));
        });
  }

  private Instant next(int checks) {
    return clock.instant().plus(tuning.backoff(checks));
  }

  private Void count(InstructionStore.Claimed c, String outcome) {
    String bank = c.payingBank() == null ? c.bankCode() : c.payingBank();
    if (c.batchRow()) {
      // A row of a file resolved alone (a result query) still counts under its file's kind.
      metrics.batch(bank, c.loanDeduction() ? BankGateway.FileKind.LOAN_DEDUCTION : BankGateway.FileKind.PAYMENT,
          outcome);
    } else {
      metrics.dispatched(bank, outcome);
    }
    return null;
  }

  private Pool poolOf() {
    return store.pool();
  }

  /** The banks this dispatcher serves. */
  public List<String> banks() {
    return gateways.keySet().stream().sorted().toList();
  }
}
