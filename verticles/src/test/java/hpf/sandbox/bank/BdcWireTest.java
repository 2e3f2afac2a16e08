package hpf.sandbox.bank;

import hpf.crypto.Sm4;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import hpf.settlement.bdc.BdcCodec;
import hpf.settlement.bdc.BdcFrame;
import hpf.settlement.bdc.BdcHeader;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.FrameDecoder;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.sandbox.bank.PartnerBankFixture.failure;
import static hpf.sandbox.bank.PartnerBankFixture.payment;
import static hpf.sandbox.bank.PartnerBankFixture.serial;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed frames on real sockets, both ways: the bank never hangs on them, the client reads them as UNCERTAIN. */
@ExtendWith(VertxExtension.class)
class BdcWireTest {

  private PartnerBankFixture banks;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    banks = PartnerBankFixture.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    banks.assertBooksReconcile();
    banks.stop();
  }

  @Test
  void theBankClosesOnGarbageAndOversizedFramesWithoutWaiting() throws Exception {
    assertThat(exchangeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    byte[] huge = Buffer.buffer().appendBytes(new BdcHeader("C35020", true, TxCode.SYS600).bytes())
        .appendInt(Integer.MAX_VALUE).getBytes();
    assertThat(exchangeRaw(huge)).isEmpty();
  }

  @Test
  void theBankRefusesClearBusinessAndUnknownSessions() throws Exception {
    BdcMessage pay = new BdcMessage().head("TxCode", "BDC101").head("SendSeqNo", serial());
    BdcMessage clear = answer(exchangeRaw(BdcCodec.clear("C35020", TxCode.BDC101, pay).toBuffer().getBytes()));
    assertThat(clear.head("RtnCode")).isEqualTo(ReturnCodes.FORMAT_ERROR);
    BdcMessage stranger = answer(exchangeRaw(BdcCodec.sealed("C35020", TxCode.BDC101, pay, Sm4.newKey())
        .toBuffer().getBytes()));
    assertThat(stranger.head("TxStatus")).isEqualTo("1");
    assertThat(stranger.head("RtnCode")).isEqualTo(ReturnCodes.NOT_SIGNED_IN);
  }

  @Test
  void unreadableOrMissingAnswersAreUncertainAndNoConnectionIsNotSent() throws Exception {
    assertThat(failure(against(socket -> socket.write("this is not a frame, just text....."))
        .pay(payment("102", serial(), "62", "甲", "1.00"))).kind()).isEqualTo(Kind.UNCERTAIN);
    // Half a frame, then the bank hangs up: a short read.
    Buffer half = prefix(100).appendString("<message>");
    assertThat(failure(against(socket -> socket.end(half)).probe()).kind()).isEqualTo(Kind.UNCERTAIN);
    Buffer oversized = prefix(Integer.MAX_VALUE);
    assertThat(failure(against(socket -> socket.end(oversized)).probe()).kind()).isEqualTo(Kind.UNCERTAIN);
    // A well-formed frame whose body is not the schema.
    Buffer notSchema = new BdcFrame(new BdcHeader("102000", true, TxCode.SYS600),
        "<message><oops/></message>".getBytes(StandardCharsets.US_ASCII)).toBuffer();
    assertThat(failure(against(socket -> socket.end(notSchema)).probe()).kind()).isEqualTo(Kind.UNCERTAIN);
    int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    BankGateway nowhere = new BdcClient(vertx, BankLink.of("102", "C35020", Duration.ofSeconds(2)),
        new BdcClient.Endpoint("127.0.0.1", closed, Duration.ofSeconds(2), banks.center.privateKey()), Clock.systemUTC());
    assertThat(failure(nowhere.probe()).kind()).isEqualTo(Kind.NOT_SENT);
  }

  @Test
  void anUnsignedJsonAnswerIsUncertain() throws Exception {
    HttpServer fake = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("content-type", "application/json").end("{\"head\":{\"TxStatus\":\"0\",\"RtnCode\":\"00000\"},"
            + "\"body\":{\"HostStatus\":\"0\",\"HostSeqNo\":\"1\"}}")).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      BankGateway bank = new JsonBankClient(vertx, BankLink.of("102", "C35020", Duration.ofSeconds(2)),
          new JsonBankClient.Endpoint("http://127.0.0.1:" + fake.actualPort() + "/bdc", Duration.ofSeconds(2),
              banks.center.privateKey(), PartnerBankFixture.bankKey("102")), Clock.systemUTC());
      assertThat(failure(bank.pay(payment("102", serial(), "62", "乙", "1.00"))).kind()).isEqualTo(Kind.UNCERTAIN);
    } finally {
      fake.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Buffer prefix(int length) {
    return Buffer.buffer().appendBytes(new BdcHeader("102000", true, TxCode.SYS600).bytes()).appendInt(length);
  }

  /** A client of a fake bank that answers every connection as {@code answer} says, once the request is in. */
  private BankGateway against(Consumer<NetSocket> answer) throws Exception {
    NetServer fake = vertx.createNetServer().connectHandler(socket -> {
      FrameDecoder decoder = new FrameDecoder();
      socket.handler(chunk -> {
        if (decoder.feed(chunk) != null) {
          answer.accept(socket);
        }
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    BdcClient client = new BdcClient(vertx, BankLink.of("102", "C35020", Duration.ofSeconds(3)),
        new BdcClient.Endpoint("127.0.0.1", fake.actualPort(), Duration.ofSeconds(2), banks.center.privateKey()),
        Clock.systemUTC());
    return client;
  }

  /**
   * Sends bytes to the sandbox bank 102 over a plain socket and reads one answer frame, or until the bank closes the
   * connection (at most 5 s): the bank keeps a connection open for the next request once it has answered.
   */
  private byte[] exchangeRaw(byte[] request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", banks.sandbox.port("102"))) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        read.write(chunk, 0, n);
        if (read.size() >= BdcFrame.PREFIX_BYTES && read.size() >= BdcFrame.PREFIX_BYTES
            + Buffer.buffer(read.toByteArray()).getInt(BdcHeader.BYTES)) {
          break; // one whole frame
        }
      }
      return read.toByteArray();
    }
  }

  private static BdcMessage answer(byte[] bytes) {
    BdcFrame frame = new FrameDecoder().feed(Buffer.buffer(bytes));
    assertThat(frame).isNotNull();
    assertThat(frame.header().clear()).isTrue();
    return BdcCodec.read(frame, null);
  }
}
