package hpf.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's OpenSSL 3, an independent SM2/SM3/SM4 implementation to check interoperability against. */
final class OpenSsl {

  record Result(int exit, String output) {}

  private OpenSsl() {}

  static boolean available() {
    try {
      Result r = run(List.of("openssl", "version"));
      return r.exit() == 0 && r.output().startsWith("OpenSSL 3");
    } catch (IOException e) {
      return false;
    }
  }

  static Result run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("openssl did not finish: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
