package hpf.settlement.bdc;

import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm4;
import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Batch;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.Outcome;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BDC codec on its own: header, GBK XML, frames, session encryption, batch files; malformed input fails clearly. */
class BdcCodecTest {

  private static BdcMessage sample() {
    return new BdcMessage().head("TxCode", "BDC113").head("SendSeqNo", "S0001").head("PageNo", "1")
        .field("AcctNo", "105350200000000001").field("RecAcctName", "张三丰 & <李四> \"王五\"")
        .row("Details", Map.of("TxDate", "20240105", "OppAcctName", "厦门市住房公积金管理中心", "Amt", "12.30"))
        .row("Details", Map.of("TxDate", "20240106", "OppAcctName", "", "Amt", "0.01"))
        .list("Empty");
  }

  @Test
  void aHeaderIsSixteenAsciiBytesAndReadsBack() {
    BdcHeader header = new BdcHeader("C35020", false, TxCode.BDC101);
    assertThat(new String(header.bytes(), StandardCharsets.US_ASCII)).isEqualTo("C350200BDC101   ");
    assertThat(BdcHeader.parse(header.bytes(), 0)).isEqualTo(header);
    assertThat(new String(new BdcHeader("105000", true, TxCode.SYS600).bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("1050001SYS600   ");
  }

  @Test
  void headersThatAreNotTheFormatAreRefused() {
    assertThatThrownBy(() -> BdcHeader.parse("C350200BDC999   ".getBytes(StandardCharsets.US_ASCII), 0))
        .isInstanceOf(BdcException.class).hasMessage("unknown transaction code BDC999");
    assertThatThrownBy(() -> BdcHeader.parse("C350202BDC101   ".getBytes(StandardCharsets.US_ASCII), 0))
        .isInstanceOf(BdcException.class).hasMessageContaining("type flag");
    assertThatThrownBy(() -> BdcHeader.parse("C350200BDC001   ".getBytes(StandardCharsets.US_ASCII), 0))
        .isInstanceOf(BdcException.class).hasMessageContaining("never encrypted");
    assertThatThrownBy(() -> BdcHeader.parse("c350200BDC101   ".getBytes(StandardCharsets.US_ASCII), 0))
        .isInstanceOf(BdcException.class).hasMessageContaining("sender node");
    assertThatThrownBy(() -> BdcHeader.parse("C350200BDC101 XX".getBytes(StandardCharsets.US_ASCII), 0))
        .isInstanceOf(BdcException.class).hasMessageContaining("pad");
    assertThatThrownBy(() -> BdcHeader.parse("C350200中文".getBytes(StandardCharsets.UTF_8), 0))
        .isInstanceOf(BdcException.class);
  }

  @Test
  void aMessageRoundTripsInGbkWithChineseNamesAndEscapes() {
    byte[] gbk = BdcXml.write(sample());
    // 张 is D5 C5 in GBK (E5 BC A0 in UTF-8): the body really is GBK.
    assertThat(indexOf(gbk, new byte[] {(byte) 0xD5, (byte) 0xC5})).isPositive();
    assertThat(new String(gbk, BdcXml.GBK)).startsWith("<?xml version=\"1.0\" encoding=\"GBK\"?><message><head>")
        .contains("<field-list name=\"Details\"><field-list name=\"1\">").contains("&amp; &lt;李四&gt;");
    BdcMessage back = BdcXml.read(gbk);
    assertThat(back).isEqualTo(sample());
    assertThat(back.rows("Details")).hasSize(2);
    assertThat(back.rows("Empty")).isEmpty();
    assertThat(back.field("RecAcctName")).isEqualTo("张三丰 & <李四> \"王五\"");
  }

  @Test
  void valuesGbkCannotCarryAreRefusedBeforeSending() {
    assertThatThrownBy(() -> BdcXml.write(new BdcMessage().field("Name", "笑\uD83D\uDE00")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GBK");
    assertThatThrownBy(() -> BdcXml.write(new BdcMessage().field("Name", "a\u0001b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
  }

  @Test
  void malformedBodiesAreClearErrors() {
    assertThatThrownBy(() -> BdcXml.read(new byte[] {(byte) 0x81, 0x20, 0x3c}))
        .isInstanceOf(BdcException.class).hasMessage("body is not valid GBK");
    assertThatThrownBy(() -> BdcXml.read("<message><head>".getBytes(BdcXml.GBK)))
        .isInstanceOf(BdcException.class);
    assertThatThrownBy(() -> BdcXml.read("not xml at all".getBytes(BdcXml.GBK))).isInstanceOf(BdcException.class);
    assertThatThrownBy(() -> BdcXml.read("<message><head><row/></head><body/></message>".getBytes(BdcXml.GBK)))
        .isInstanceOf(BdcException.class).hasMessageContaining("<row>");
    assertThatThrownBy(() -> BdcXml.read("<message><head><field>x</field></head><body/></message>".getBytes(BdcXml.GBK)))
        .isInstanceOf(BdcException.class).hasMessageContaining("without a name");
    // No DTD, no external entities: an XXE attempt is refused, never resolved.
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<message><head><field name=\"a\">&x;</field></head><body/></message>";
    assertThatThrownBy(() -> BdcXml.read(xxe.getBytes(BdcXml.GBK))).isInstanceOf(BdcException.class);
  }

  @Test
  void framesArriveInPiecesAndOversizedOrTrailingBytesAreRefused() {
    BdcFrame frame = BdcCodec.clear("C35020", TxCode.SYS600, new BdcMessage().head("TxCode", "SYS600"));
    Buffer wire = frame.toBuffer();
    FrameDecoder decoder = new FrameDecoder();
    BdcFrame read = null;
    for (int i = 0; i < wire.length(); i++) {
      assertThat(read).isNull();
      read = decoder.feed(wire.getBuffer(i, i + 1));
    }
    assertThat(read.header()).isEqualTo(frame.header());
    assertThat(BdcCodec.read(read, null).head("TxCode")).isEqualTo("SYS600");
    assertThatThrownBy(() -> decoder.feed(Buffer.buffer("x"))).isInstanceOf(BdcException.class);

    // A length over the cap fails as soon as the prefix is in, without waiting for (or allocating) the body.
    Buffer huge = Buffer.buffer().appendBytes(new BdcHeader("C35020", true, TxCode.SYS600).bytes()).appendInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new FrameDecoder().feed(huge)).isInstanceOf(BdcException.class).hasMessageContaining("cap");
    Buffer negative = Buffer.buffer().appendBytes(new BdcHeader("C35020", true, TxCode.SYS600).bytes()).appendInt(-1);
    assertThatThrownBy(() -> new FrameDecoder().feed(negative)).isInstanceOf(BdcException.class);
    Buffer trailing = wire.copy().appendString("extra");
    assertThatThrownBy(() -> new FrameDecoder().feed(trailing)).isInstanceOf(BdcException.class);
    // A short read is simply incomplete: the reader's timeout or the closed connection decides.
    FrameDecoder shortRead = new FrameDecoder();
    assertThat(shortRead.feed(wire.getBuffer(0, wire.length() - 1))).isNull();
    assertThat(shortRead.complete()).isFalse();
    assertThat(shortRead.received()).isEqualTo(wire.length() - 1);
  }

  @Test
  void businessBodiesAreSealedWithTheSessionKeyAndBoundToTheirHeader() {
    byte[] key = Sm4.newKey();
    BdcFrame sealed = BdcCodec.sealed("C35020", TxCode.BDC113, sample(), key);
    assertThat(sealed.header().clear()).isFalse();
    assertThat(indexOf(sealed.payload(), "AcctNo".getBytes(StandardCharsets.US_ASCII))).isNegative();
    assertThat(BdcCodec.read(sealed, key)).isEqualTo(sample());
    assertThatThrownBy(() -> BdcCodec.read(sealed, Sm4.newKey())).isInstanceOf(BdcException.class)
        .hasMessageContaining("decrypt");
    assertThatThrownBy(() -> BdcCodec.read(sealed, null)).isInstanceOf(BdcException.class);
    // The same body under another header (another transaction code) fails authentication.
    BdcFrame moved = new BdcFrame(new BdcHeader("C35020", false, TxCode.BDC123), sealed.payload());
    assertThatThrownBy(() -> BdcCodec.read(moved, key)).isInstanceOf(BdcException.class);
    // A head that names another transaction than the header is refused.
    BdcFrame lying = BdcCodec.clear("C35020", TxCode.SYS600, new BdcMessage().head("TxCode", "BDC101"));
    assertThatThrownBy(() -> BdcCodec.read(lying, null)).isInstanceOf(BdcException.class).hasMessageContaining("TxCode");
  }

  @Test
  void theSessionKeyIsWrappedForTheCenterOnly() {
    Sm2Keys.Pair center = Sm2Keys.generate();
    byte[] key = Sm4.newKey();
    String wrapped = BdcCipher.wrapKey(center.publicKey(), key);
    assertThat(BdcCipher.unwrapKey(center.privateKey(), wrapped)).isEqualTo(key);
    assertThatThrownBy(() -> BdcCipher.unwrapKey(Sm2Keys.generate().privateKey(), wrapped))
        .isInstanceOf(BdcException.class);
    assertThatThrownBy(() -> BdcCipher.unwrapKey(center.privateKey(), "not base64!")).isInstanceOf(BdcException.class);
  }

  @Test
  void batchFilesCarryTheRowsAndTotalsAreCheckedBeforeSending() {
    List<BatchRow> rows = List.of(new BatchRow(1, Money.parse("100.00"), "6222000011112222", "张三", "提取"),
        new BatchRow(2, Money.parse("0.50"), "6222000033334444", "李四", "提取"));
    Batch batch = new Batch("B1", LocalDate.of(2024, 1, 5), false, "105350200000000001", "01", rows, 2,
        Money.parse("100.50"));
    String file = BatchFiles.requestFile(batch);
    assertThat(file).isEqualTo("1@|$100.00@|$6222000011112222@|$张三@|$提取@|$\n2@|$0.50@|$6222000033334444@|$李四@|$提取@|$\n");
    assertThat(BatchFiles.parseRequest(file)).isEqualTo(rows);
    assertThatThrownBy(() -> BatchFiles.requestFile(new Batch("B1", batch.sendDate(), false, "a", "01", rows, 3,
        Money.parse("100.50")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> BatchFiles.requestFile(new Batch("B1", batch.sendDate(), false, "a", "01", rows, 2,
        Money.parse("100.49")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
    assertThatThrownBy(() -> BatchFiles.requestFile(new Batch("B1", batch.sendDate(), false, "a", "01",
        List.of(new BatchRow(1, Money.parse("1.00"), "62", "张|三", "")), 1, Money.parse("1.00"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchFiles.parseRequest("1@|$abc@|$62@|$张三@|$x@|$\n")).isInstanceOf(BdcException.class);

    String results = BatchFiles.resultLine(1, Money.parse("100.00"), "6222000011112222", "00000", "交易成功",
        LocalDate.of(2024, 1, 5), "10520240105000001")
        + BatchFiles.resultLine(2, Money.parse("0.50"), "6222000033334444", "B2001", "账户已冻结", null, null);
    assertThat(BatchFiles.parseResults(results)).extracting(r -> r.outcome())
        .containsExactly(Outcome.SUCCEEDED, Outcome.FAILED);
    assertThat(BatchFiles.parseResults(results).get(1).returnCode()).isEqualTo("B2001");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
