package hpf.settlement.dispatch;

import hpf.isolation.DependencyBusyException;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.kit.BusinessTime;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bank.BankGateway.FileKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bank's batch files on this instance: a file of PENDING same-bank payouts (BDC103) or loan deductions (BDC105,
 * each row full-amount with its BDC106 split) is claimed, built, checked against the totals the database summed
 * (count and amount) and submitted; a batch the bank took is polled (BDC107)
 * with backoff, and its result file (BDC108) settles the rows through {@link Settling} exactly as single answers
 * (final state and business booking together, a chunk of rows per transaction). A file whose submit went unanswered
 * is never submitted again: its rows are UNKNOWN and resolved one by one by result queries with their bank serial.
 */
final class BatchRun {

  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

  private final BatchStore batches;
  private final InstructionStore store;
  private final Settling settling;
  private final DependencyGuard guard;
  private final Payments payments;
  private final DispatchTuning tuning;
  private final BatchTuning batchTuning;
  private final DispatchMetrics metrics;
  private final Clock clock;
  private final String instance;

  BatchRun(BatchStore batches, InstructionStore store, Settling settling, DependencyGuard guard, Payments payments,
           DispatchTuning tuning, BatchTuning batchTuning, DispatchMetrics metrics, Clock clock, String instance) {
    this.batches = batches;
    this.store = store;
    this.settling = settling;
    this.guard = guard;
    this.payments = payments;
    this.tuning = tuning;
    this.batchTuning = batchTuning;
    this.metrics = metrics;
    this.clock = clock;
    this.instance = instance;
  }

  /** Claims and submits one file of each kind of the bank's due rows; answers whether there was any. */
  Future<Boolean> submitOne(BankGateway gateway, InstructionStore.Bank bank) {
    return submitOne(gateway, bank, FileKind.PAYMENT)
        .compose(paid -> submitOne(gateway, bank, FileKind.LOAN_DEDUCTION).map(deducted -> paid || deducted));
  }

  /** Claims and submits one file of this kind of the bank's due rows; answers whether there was one. */
  Future<Boolean> submitOne(BankGateway gateway, InstructionStore.Bank bank, FileKind kind) {
    return claim(bank, kind).compose(opened -> opened == null ? Future.succeededFuture(false)
        : send(gateway, bank, opened).map(true));
  }

  /** The rows of a new file of this kind of the bank's due rows, SENT under this instance's lease; null if none. */
  Future<BatchStore.Opened> claim(InstructionStore.Bank bank, FileKind kind) {
    LocalDate today = BusinessTime.today(clock);
    return batches.claimBatch(bank.bankCode(), kind, batchTuning.maxRows(), instance, tuning.lease(), today);
  }

  /** Builds, checks and submits a claimed file. */
  Future<Void> send(BankGateway gateway, InstructionStore.Bank bank, BatchStore.Opened opened) {
    return file(opened, bank)
        // A file that cannot be built or fails its totals check is never sent: the rows wait as they were.
        .transform(ar -> ar.succeeded() ? submit(gateway, opened, ar.result())
            : refused(bank.bankCode(), opened, ar.cause()));
  }

  private Future<Void> refused(String bankCode, BatchStore.Opened opened, Throwable why) {
    LOG.atError().setCause(why).addKeyValue("batch", opened.batchId()).log("batch file refused before sending");
    metrics.batch(bankCode, opened.kind(), "batch_refused");
    return batches.notSent(opened.batchId(), instance, clock.instant().plus(tuning.notSentRetry()),
        "批量文件校验未通过，未发送");
  }

  /** The batch file of the claimed rows, with the totals the database summed; refused here if they disagree. */
  private Future<BankGateway.Batch> file(BatchStore.Opened opened, InstructionStore.Bank bank) {
    List<BankGateway.BatchRow> rows = new ArrayList<>();
    Future<Void> built = Future.succeededFuture();
    // Account numbers are decrypted a chunk at a time: a file may hold thousands of rows.
    for (int from = 0; from < opened.rows().size(); from += 100) {
      List<InstructionStore.Claimed> chunk = opened.rows().subList(from, Math.min(from + 100, opened.rows().size()));
      built = built.compose(v -> Future.all(chunk.stream().map(c -> payments.of(c, bank)).toList())
          .map(all -> {
            for (int i = 0; i < chunk.size(); i++) {
              BankGateway.Payment p = all.resultAt(i);
              // A deduction debits the repayment card (the payer) in full or not at all, and tells its split.
              rows.add(opened.kind() == FileKind.LOAN_DEDUCTION
                  ? new BankGateway.BatchRow(rows.size() + 1, p.amount(), p.payerAccountNo(), p.payerAccountName(),
                      "住房公积金贷款扣款", chunk.get(i).split())
                  : new BankGateway.BatchRow(rows.size() + 1, p.amount(), p.payeeAccountNo(), p.payeeAccountName(),
                      p.summary()));
            }
            return null;
          }));
    }
    String busType = opened.kind() == FileKind.LOAN_DEDUCTION ? InstructionStore.LOAN_DEDUCTION : "02";
    return built.map(v -> BatchTotals.verified(new BankGateway.Batch(opened.serialNo(), opened.sentOn(), opened.kind(),
        bank.centerAccountNo(), busType, rows, opened.count(), opened.total()), opened.rows()));
  }

  private Future<Void> submit(BankGateway gateway, BatchStore.Opened opened, BankGateway.Batch batch) {
    // Only a file marked as leaving may go: one whose lease lapsed while it was built was given back (its rows may
    // already be in another file) and is never sent.
    return batches.leaving(opened.batchId(), instance).compose(mine -> {
      if (!mine) {
        LOG.atWarn().addKeyValue("batch", opened.batchId()).log("batch file lease lapsed while building; not sent");
        return Future.<Void>succeededFuture();
      }
      return call(gateway, opened, batch);
    });
  }

  private Future<Void> call(BankGateway gateway, BatchStore.Opened opened, BankGateway.Batch batch) {
    return guard.call(Dispatcher.dependencyOf(gateway.bankCode()), () -> gateway.submitBatch(batch))
        .transform(ar -> {
          if (ar.succeeded()) {
            metrics.batch(gateway.bankCode(), opened.kind(), "batch_submitted");
            return batches.submitted(opened.batchId(), instance, ar.result(),
                clock.instant().plus(batchTuning.backoff(0)));
          }
          Throwable e = ar.cause();
          boolean notReceived = e instanceof DependencyIsolatedException || e instanceof DependencyBusyException
              || e instanceof BankException b && b.kind() != BankException.Kind.UNCERTAIN;
          if (notReceived) {
            LOG.atWarn().setCause(e).addKeyValue("batch", opened.batchId()).addKeyValue("bank", gateway.bankCode())
                .log("batch file not received by the bank; its rows wait for the next file");
            metrics.batch(gateway.bankCode(), opened.kind(), "batch_not_sent");
            return batches.notSent(opened.batchId(), instance, clock.instant().plus(tuning.notSentRetry()),
                "批量文件未送达银行：" + e.getClass().getSimpleName());
          }
          LOG.atWarn().addKeyValue("batch", opened.batchId()).addKeyValue("bank", gateway.bankCode())
              .log("batch submit not answered; its rows go to result queries");
          metrics.batch(gateway.bankCode(), opened.kind(), "batch_unknown");
          return batches.unknown(opened.batchId(), instance, clock.instant().plus(tuning.backoff(0)),
              "批量文件提交无应答：" + e.getClass().getSimpleName());
        });
  }

  /** Polls one due batch of the bank, and settles it when the bank is done; answers whether there was one. */
  Future<Boolean> pollOne(BankGateway gateway, String bankCode) {
    return batches.claimToPoll(bankCode, instance, tuning.lease())
        .compose(polled -> polled == null ? Future.succeededFuture(false)
            : guard.call(Dispatcher.dependencyOf(bankCode), () -> gateway.batchStatus(polled.bankBatchNo()))
                .transform(ar -> ar.succeeded() && ar.result() != BankGateway.BatchState.PROCESSING
                    ? results(gateway, polled, ar.result())
                    : later(polled))
                .map(true));
  }

  private Future<Void> later(BatchStore.Polled polled) {
    int polls = polled.polls() + 1;
    if (polls >= batchTuning.maxPolls()) {
      // The bank never finished it (or never said so): ask about each row instead.
      return batches.finished(polled.batchId(), instance, "UNKNOWN");
    }
    return batches.pollLater(polled.batchId(), instance, polls, clock.instant().plus(batchTuning.backoff(polls)));
  }

  /** The result file settles the rows it lists; the rest (none for a batch failed without results) go UNKNOWN. */
  private Future<Void> results(BankGateway gateway, BatchStore.Polled polled, BankGateway.BatchState state) {
    return guard.call(Dispatcher.dependencyOf(gateway.bankCode()), () -> gateway.batchResults(polled.bankBatchNo()))
        .recover(e -> state == BankGateway.BatchState.FAILED ? Future.succeededFuture(List.of()) : Future.failedFuture(e))
        .transform(ar -> ar.failed() ? later(polled) : settleRows(gateway.bankCode(), polled, state, ar.result()));
  }

  private Future<Void> settleRows(String bankCode, BatchStore.Polled polled, BankGateway.BatchState state,
                                  List<BankGateway.BatchRowResult> results) {
    Map<Integer, BankGateway.BatchRowResult> bySeq = new HashMap<>();
    results.forEach(r -> bySeq.put(r.seq(), r));
    return batches.waiting(polled.batchId()).compose(rows -> {
      List<InstructionStore.Claimed> listed = rows.stream().filter(c -> bySeq.containsKey(seq(c))).toList();
      Future<Void> done = Future.succeededFuture();
      for (int from = 0; from < listed.size(); from += batchTuning.settleChunk()) {
        List<InstructionStore.Claimed> chunk = listed.subList(from, Math.min(from + batchTuning.settleChunk(),
            listed.size()));
        done = done.compose(v -> chunk(bankCode, polled, chunk, bySeq));
      }
      return done;
    }).compose(v -> batches.finished(polled.batchId(), instance, state.name()));
  }

  /** A chunk of rows in one transaction; if the chunk cannot commit, row by row (a row that cannot: MANUAL_REVIEW). */
  private Future<Void> chunk(String bankCode, BatchStore.Polled polled, List<InstructionStore.Claimed> chunk,
                             Map<Integer, BankGateway.BatchRowResult> bySeq) {
    String owner = BatchStore.owner(polled.batchId());
    LocalDate today = BusinessTime.today(clock);
    return store.pool().withTransaction(conn -> {
      Future<Void> rows = Future.succeededFuture();
      for (InstructionStore.Claimed c : chunk) {
        rows = rows.compose(v -> settleOne(conn, c, owner, bySeq.get(seq(c)), today).mapEmpty());
      }
      return rows.compose(v -> conn.preparedQuery("""
              INSERT INTO settlement_attempt (instruction_id, kind, outcome, return_code, message, host_seq_no, instance)
              VALUES ($1, 'QUERY', $2, $3, $4, $5, $6)""")
          .executeBatch(chunk.stream().map(c -> attempt(c, bySeq.get(seq(c)))).toList()));
    }).map(v -> {
      chunk.forEach(c -> tally(bankCode, polled.kind(), bySeq.get(seq(c))));
      return (Void) null;
    }).recover(e -> {
      LOG.atWarn().setCause(e).addKeyValue("batch", polled.batchId()).log("batch chunk not booked; row by row");
      Future<Void> each = Future.succeededFuture();
      for (InstructionStore.Claimed c : chunk) {
        BankGateway.BatchRowResult r = bySeq.get(seq(c));
        each = each.compose(v -> store.pool().withTransaction(conn -> settleOne(conn, c, owner, r, today))
            .map(mine -> {
              tally(bankCode, polled.kind(), r);
              return (Void) null;
            })
            .recover(rowFailure -> store.toManualReview(c, owner, c.checks(),
                    "批量结果为 " + r.outcome() + "，业务入账失败，转人工核实")
                .map(moved -> {
                  metrics.batch(bankCode, polled.kind(), "manual_review");
                  return (Void) null;
                })));
      }
      return each;
    });
  }

  private Future<Boolean> settleOne(io.vertx.sqlclient.SqlConnection conn, InstructionStore.Claimed c, String owner,
                                    BankGateway.BatchRowResult r, LocalDate today) {
    return settling.settle(conn, c, owner, r.outcome(), result(r), today);
  }

  private void tally(String bankCode, FileKind kind, BankGateway.BatchRowResult r) {
    boolean ok = r.outcome() == BankGateway.Outcome.SUCCEEDED;
    metrics.batch(bankCode, kind, ok ? "succeeded" : "failed");
  }

  private static BankGateway.Result result(BankGateway.BatchRowResult r) {
    return new BankGateway.Result(r.outcome(), r.returnCode(), r.message(), r.hostSeqNo());
  }

  private Tuple attempt(InstructionStore.Claimed c, BankGateway.BatchRowResult r) {
    return Tuple.of(c.instructionId(), "BATCH_" + r.outcome().name(), r.returnCode(), r.message(), r.hostSeqNo(),
        instance);
  }

  static int seq(InstructionStore.Claimed c) {
    return Integer.parseInt(c.bankSerial().substring(c.bankSerial().lastIndexOf('-') + 1));
  }
}
