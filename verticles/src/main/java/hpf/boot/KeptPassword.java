package hpf.boot;

import hpf.kit.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A database password HPF generates once and keeps in the data directory, readable by the owner only (0600): the
 * embedded run's superuser and runtime role passwords. Blocking: start-up only.
 */
final class KeptPassword {

  private KeptPassword() {}

  /** The kept password, or a new random one written owner-read-only (0600) before first use. */
  static String of(Path file, String what) {
    try {
      if (Files.exists(file)) {
        return kept(file, what);
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        return kept(file, what);
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.writeString(file, password, StandardCharsets.US_ASCII);
      return password;
    } catch (IOException e) {
      throw new StartupException("cannot keep the " + what + " password in " + file + ": " + e.getMessage(), e);
    }
  }

  private static String kept(Path file, String what) throws IOException {
    String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
    // It goes into a SQL literal: only the characters a generated one has.
    if (!password.matches("[A-Za-z0-9_-]{16,128}")) {
      throw new StartupException("the " + what + " password in " + file + " is not one HPF generated; remove the"
          + " file to have a new one generated");
    }
    return password;
  }
}
