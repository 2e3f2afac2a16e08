package hpf.settlement.bdc;

import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The BDC transactions as {@link BankGateway} calls, whatever carries the messages: the subclass supplies
 * {@link #exchange} (TCP frames for {@link BdcClient}, signed JSON over HTTP for {@code hpf.settlement.bankjson}).
 * Bodies, head fields and the reading of answers are the same for both.
 */
public abstract class MessageGateway implements BankGateway {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong COUNTER = new AtomicLong();

  protected final BankLink link;
  protected final Clock clock;

  protected MessageGateway(BankLink link, Clock clock) {
    this.link = link;
    this.clock = clock;
  }

  /**
   * Sends one request and answers the bank's message. Fails with {@link BankException} (NOT_SENT, UNCERTAIN,
   * REFUSED) when no usable answer came back.
   */
  protected abstract Future<BdcMessage> exchange(TxCode code, BdcMessage request);

  @Override
  public String bankCode() {
    return link.bankCode();
  }

  @Override
  public Future<Void> probe() {
    return headOnly(TxCode.SYS600);
  }

  /** A message without body (probe, sign-out, JSON sign-in) that the bank must accept. */
  protected Future<Void> headOnly(TxCode code) {
    return call(code, request(code, null, null), a -> {
      a.requireProcessed();
      return null;
    });
  }

  @Override
  public Future<Result> pay(Payment payment) {
    return single(TxCode.BDC101, payment);
  }

  @Override
  public Future<Result> collect(Payment collection) {
    return single(TxCode.BDC102, collection);
  }

  @Override
  public Future<Result> transfer(Payment transfer) {
    return single(TxCode.BDC109, transfer);
  }

  @Override
  public Future<Result> query(LocalDate sentOn, String serialNo) {
    return call(TxCode.BDC110, PaymentMessages.query(request(TxCode.BDC110, null, null), sentOn, serialNo),
        PaymentMessages::queryResult);
  }

  @Override
  public Future<String> submitBatch(Batch batch) {
    TxCode code = fileCode(batch.kind());
    String file;
    try {
      file = BatchFiles.requestFile(batch);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    BdcMessage message = request(code, batch.serialNo(), batch.sendDate()).field("AcctNo", batch.centerAccountNo())
        .field("BusType", batch.busType()).field("TotalNum", String.valueOf(batch.totalCount()))
        .field("TotalAmt", batch.totalAmount().toString()).field("FileName", batch.serialNo() + ".txt")
        .field("DATA", file);
    return call(code, message, a -> a.requireProcessed().text("BatchNo"));
  }

  /** The transaction that carries a batch file of this kind. */
  public static TxCode fileCode(FileKind kind) {
    return switch (kind) {
      case PAYMENT -> TxCode.BDC103;
      case COLLECTION -> TxCode.BDC104;
      case LOAN_DEDUCTION -> TxCode.BDC105;
    };
  }

  @Override
  public Future<BatchState> batchStatus(String batchNo) {
    return call(TxCode.BDC107, request(TxCode.BDC107, null, null).field("BatchNo", batchNo), a -> {
      String state = a.requireProcessed().text("BatchTxStatus");
      return switch (state) {
        case "0" -> BatchState.PROCESSING;
        case "1" -> BatchState.DONE;
        case "2" -> BatchState.PARTLY_DONE;
        case "3" -> BatchState.FAILED;
        default -> throw a.uncertain("an unknown BatchTxStatus");
      };
    });
  }

  @Override
  public Future<List<BatchRowResult>> batchResults(String batchNo) {
    return call(TxCode.BDC108, request(TxCode.BDC108, null, null).field("BatchNo", batchNo), a -> {
      a.requireProcessed();
      try {
        return BatchFiles.parseResults(a.optional("DATA"));
      } catch (BdcException e) {
        throw a.uncertain("a malformed result file");
      }
    });
  }

  /** {@code page} counts from 1; a window the bank finds too wide is REFUSED (ask narrower windows). */
  @Override
  public Future<DetailsPage> details(String accountNo, LocalDate from, LocalDate to, int page) {
    if (page < 1 || from.isAfter(to)) {
      return Future.failedFuture(new IllegalArgumentException("pages count from 1 and the window from <= to"));
    }
    BdcMessage message = request(TxCode.BDC113, null, null).head("PageNo", String.valueOf(page))
        .head("PageSize", String.valueOf(link.detailsPageSize())).field("AcctNo", accountNo)
        .field("BeginDate", from.format(Answers.DATE)).field("EndDate", to.format(Answers.DATE)).list("Details");
    return exchange(TxCode.BDC113, message).map(answer -> DetailRows.page(new Answers(bankCode(), TxCode.BDC113, answer),
        answer));
  }

  @Override
  public Future<Money> balance(String accountNo) {
    return call(TxCode.BDC123, request(TxCode.BDC123, null, null).field("AcctNo", accountNo),
        a -> a.requireProcessed().money("Balance"));
  }

  private Future<Result> single(TxCode code, Payment payment) {
    return call(code, PaymentMessages.single(request(code, payment.serialNo(), payment.sendDate()), payment),
        PaymentMessages::result);
  }

  <T> Future<T> call(TxCode code, BdcMessage request, Function<Answers, T> reader) {
    return exchange(code, request).map(answer -> reader.apply(new Answers(bankCode(), code, answer)));
  }

  /**
   * A request with its head. {@code serialNo} is the instruction's serial for money movements (the bank's idempotency
   * key) and {@code sendDate} its first send date, so a resend carries the same (date, serial) the query asks by;
   * other messages get a fresh serial and today.
   */
  protected BdcMessage request(TxCode code, String serialNo, LocalDate sendDate) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(BusinessTime.ZONE));
    LocalDate date = sendDate == null ? now.toLocalDate() : sendDate;
    BdcMessage message = new BdcMessage().head("SendDate", date.format(Answers.DATE)).head("SendTime", now.format(TIME))
        .head("SendSeqNo", serialNo == null ? freshSerial(now) : serialNo).head("TxUnitNo", link.txUnitNo())
        .head("SendNode", link.centerNode()).head("TxCode", code.name()).head("ReceiveNode", link.bankNode())
        .head("CustNo", link.custNo()).head("OperNo", link.operNo());
    if (!code.clear()) {
      // The 2018 revision's spare request fields: sent empty, kept so a bank that expects them finds them.
      for (int i = 1; i <= 6; i++) {
        message.head("Reserve" + i, "");
      }
    }
    return message;
  }

  /**
   * A serial for messages that move no money: time, this process's counter and a random part (other instances of the
   * cluster send too); nothing on the bank side depends on it being unique, it only tells the messages apart in logs.
   */
  private static String freshSerial(ZonedDateTime now) {
    return "Q" + now.format(STAMP) + String.format("%04d%04d", COUNTER.incrementAndGet() % 10_000, RANDOM.nextInt(10_000));
  }
}
