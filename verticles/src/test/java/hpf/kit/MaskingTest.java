package hpf.kit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import hpf.boot.JsonLogEncoder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import static org.assertj.core.api.Assertions.assertThat;

/** Identifiers are masked in values and in free text, and the JSON log line never carries them in clear. */
class MaskingTest {

  @Test
  void masksEachKindKeepingTheUsualParts() {
    assertThat(Masking.idNumber("35010219900101123X")).isEqualTo("350102********123X");
    assertThat(Masking.bankCard("6222021234567890123")).isEqualTo("6222***********0123");
    assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    assertThat(Masking.phone("123")).isEqualTo("***");
    assertThat(Masking.idNumber(null)).isNull();
    assertThat(Masking.name("张三")).isEqualTo("张*");
    assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Masking.name("李")).isEqualTo("李");
    assertThat(Masking.name(null)).isNull();
  }

  @Test
  void masksIdentifiersInsideText() {
    String text = "member 350102199001011234 card 6222021234567890 phone 13812345678 amount 1234.56 order 20261122";
    assertThat(Masking.maskAll(text))
        .isEqualTo("member 350102********1234 card 6222********7890 phone 138****5678 amount 1234.56 order 20261122");
  }

  @Test
  void masksMobilesWithTheCountryCodeAndInGroups() {
    assertThat(Masking.maskAll("call +8613812345678 now")).isEqualTo("call +86138****5678 now");
    assertThat(Masking.maskAll("call +86 138 1234 5678 now")).isEqualTo("call +86 138 **** 5678 now");
    assertThat(Masking.maskAll("tel:008613812345678")).isEqualTo("tel:0086138****5678");
    assertThat(Masking.maskAll("tel 8613812345678")).isEqualTo("tel 86138****5678");
    assertThat(Masking.maskAll("tel 138-1234-5678.")).isEqualTo("tel 138-****-5678.");
  }

  @Test
  void masksNumbersGluedToLetters() {
    assertThat(Masking.maskAll("abc13812345678xyz")).isEqualTo("abc138****5678xyz");
    assertThat(Masking.maskAll("id350102199001011234x")).isEqualTo("id350102********1234x");
    assertThat(Masking.maskAll("id35010219900101123Xabc")).isEqualTo("id350102********123Xabc");
    assertThat(Masking.maskAll("card6222021234567890end")).isEqualTo("card6222********7890end");
    assertThat(Masking.maskAll("phone=13812345678&id=350102199001011234"))
        .isEqualTo("phone=138****5678&id=350102********1234");
  }

  @Test
  void requestIdsStayWholeAndPercentEncodedPhoneNumbersAreMasked() {
    // A UUID whose groups look like a mobile split in groups (164-1384-4955) is an id, and must stay findable.
    String id = "a81fa164-1384-4955-9d0e-138123456789";
    assertThat(Masking.maskAll("request " + id + " phone 13812345678")).isEqualTo("request " + id + " phone 138****5678");
    assertThat(Masking.maskAll("/v1/members/%2B86%20138%201234%205678")).isEqualTo("/v1/members/%2B86%20138%20****%205678");
  }

  @Test
  void leavesShortNumbersAndLongerDigitRunsAlone() {
    assertThat(Masking.maskAll("fen 123456, 12 digits 123456789012")).isEqualTo("fen 123456, 12 digits 123456789012");
  }

  @Test
  void theLogEncoderWritesOneJsonLineWithMaskedMessageAndFields() {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(new LoggerContext());
    event.setLevel(Level.INFO);
    event.setLoggerName("hpf.test");
    event.setThreadName("t");
    event.setTimeStamp(0);
    event.setMessage("lookup for 13812345678");
    event.addKeyValuePair(new KeyValuePair("idNumber", "350102199001011234"));
    event.addKeyValuePair(new KeyValuePair("status", 200));
    String line = new String(new JsonLogEncoder().encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("13812345678", "350102199001011234");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("msg")).isEqualTo("lookup for 138****5678");
    assertThat(json.getString("idNumber")).isEqualTo("350102********1234");
    assertThat(json.getInteger("status")).isEqualTo(200);
    assertThat(json.getString("level")).isEqualTo("INFO");
  }
}
