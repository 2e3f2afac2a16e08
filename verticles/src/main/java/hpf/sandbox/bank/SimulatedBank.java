package hpf.sandbox.bank;

import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One sandbox bank's teller: answers every BDC transaction from its {@link BankBooks}, whichever transport carried
 * it, under the {@link BankBehaviour} in force. A serial already seen is never booked again: the first result is
 * answered again. Sign-in's session key is the TCP transport's business ({@link BdcServer}).
 */
final class SimulatedBank {

  private final String bankCode;
  private final Vertx vertx;
  private final Clock clock;
  private final BankBooks books;
  private final SingleDesk singles;
  private final BatchDesk batches;
  private final Consumer<BankNotice> notices;
  private BankBehaviour behaviour = BankBehaviour.HEALTHY;
  private Random random = new Random(BankBehaviour.HEALTHY.seed());
  private int rejectTurn;

  SimulatedBank(String bankCode, Vertx vertx, Clock clock, BankBooks books, Consumer<BankNotice> notices) {
    this.bankCode = bankCode;
    this.vertx = vertx;
    this.clock = clock;
    this.books = books;
    this.notices = notices;
    this.singles = new SingleDesk(this);
    this.batches = new BatchDesk(this);
  }

  String bankCode() {
    return bankCode;
  }

  String bankNode() {
    return bankCode + "000";
  }

  BankBooks books() {
    return books;
  }

  Vertx vertx() {
    return vertx;
  }

  synchronized BankBehaviour behaviour() {
    return behaviour;
  }

  synchronized void behave(BankBehaviour next) {
    behaviour = next;
    random = new Random(next.seed());
    rejectTurn = 0;
  }

  /** The reject code for a new movement or batch row under the behaviour, or null to let the books decide. */
  synchronized String drawReject() {
    if (behaviour.rejectRatio() <= 0 || random.nextDouble() >= behaviour.rejectRatio()) {
      return null;
    }
    return behaviour.rejectCodes().get(rejectTurn++ % behaviour.rejectCodes().size());
  }

  ZonedDateTime now() {
    return ZonedDateTime.now(clock.withZone(BusinessTime.ZONE));
  }

  LocalDate today() {
    return now().toLocalDate();
  }

  BdcMessage reply(BdcMessage request, String rtnCode) {
    return Replies.reply(request, bankNode(), now(), rtnCode);
  }

  /** Hands a notice to the center's listener, once and then {@code duplicateNotices} more times. */
  void push(String kind, JsonObject fields) {
    int times = 1 + behaviour().duplicateNotices();
    for (int i = 0; i < times; i++) {
      notices.accept(new BankNotice(bankCode, kind, fields.copy()));
    }
  }

  /**
   * The answer to one request; for money movements and batch files under {@code noAnswer} a future that never
   * completes (the movement is booked, the file processed all the same), and every answer {@code latencyMs} late.
   */
  Future<BdcMessage> serve(TxCode code, BdcMessage request) {
    BankBehaviour now = behaviour();
    BdcMessage answer;
    try {
      answer = answer(code, request);
    } catch (IllegalArgumentException malformed) {
      answer = reply(request, ReturnCodes.FORMAT_ERROR);
    } catch (RuntimeException fault) {
      return Future.failedFuture(fault);
    }
    boolean movement = code == TxCode.BDC101 || code == TxCode.BDC102 || code == TxCode.BDC109
        || code == TxCode.BDC103 || code == TxCode.BDC104 || code == TxCode.BDC105;
    if (now.noAnswer() && movement) {
      return Promise.<BdcMessage>promise().future();
    }
    if (now.latencyMs() > 0) {
      Promise<BdcMessage> late = Promise.promise();
      BdcMessage ready = answer;
      vertx.setTimer(now.latencyMs(), t -> late.complete(ready));
      return late.future();
    }
    return Future.succeededFuture(answer);
  }

  private BdcMessage answer(TxCode code, BdcMessage request) {
    return switch (code) {
      case SYS600, BDC001, BDC002 -> reply(request, ReturnCodes.OK);
      case BDC101, BDC102, BDC109 -> singles.move(code, request);
      case BDC110 -> batches.knows(request.field("OldSendSeqNo")) ? batches.query(request) : singles.query(request);
      case BDC103, BDC104, BDC105 -> batches.submit(code, request);
      case BDC107 -> batches.status(request);
      case BDC108 -> batches.results(request);
      case BDC113 -> DetailsDesk.page(this, request);
      case BDC123 -> balance(request);
      case SBDC100 -> reply(request, ReturnCodes.UNKNOWN_TRANSACTION);
    };
  }

  private BdcMessage balance(BdcMessage request) {
    Money balance = books.balance(required(request, "AcctNo"));
    return balance == null ? reply(request, ReturnCodes.NO_ACCOUNT)
        : reply(request, ReturnCodes.OK).field("AcctNo", request.field("AcctNo")).field("Balance", balance.toString())
            .field("AvailBalance", balance.toString());
  }

  /** A body field the transaction needs; absent or empty is a format error (IllegalArgumentException). */
  static String required(BdcMessage request, String field) {
    String value = request.field(field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  JsonObject toJson() {
    return books.toJson().put("transactions", singles.toJson()).put("batches", batches.toJson());
  }
}
