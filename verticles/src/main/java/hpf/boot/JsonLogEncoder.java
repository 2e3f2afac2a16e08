package hpf.boot;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import hpf.kit.Masking;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line: time, level, logger, thread, message and the event's key-value pairs
 * (requestId, listener, ...). Every text field passes through {@link Masking} so an identifier that a
 * message carries by mistake never reaches the log in clear.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_FRAMES = 40;

  @Override
  public byte[] headerBytes() {
    return EMPTY;
  }

  @Override
  public byte[] footerBytes() {
    return EMPTY;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line = new JsonObject()
        .put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("logger", event.getLoggerName())
        .put("thread", event.getThreadName())
        .put("msg", Masking.maskAll(event.getFormattedMessage()));
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        Object value = kv.value;
        line.put(kv.key, value instanceof Number || value instanceof Boolean ? value
            : Masking.maskAll(String.valueOf(value)));
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", Masking.maskAll(error.getClassName() + ": " + error.getMessage()));
      line.put("stack", stack(error));
    }
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String stack(IThrowableProxy error) {
    StringBuilder out = new StringBuilder();
    for (IThrowableProxy t = error; t != null; t = t.getCause()) {
      if (t != error) {
        out.append("caused by ").append(t.getClassName()).append(": ").append(Masking.maskAll(t.getMessage()))
            .append('\n');
      }
      StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
        out.append("  at ").append(frames[i].getStackTraceElement()).append('\n');
      }
    }
    return out.toString();
  }
}
