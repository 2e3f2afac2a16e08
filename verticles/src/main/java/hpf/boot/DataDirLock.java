package hpf.boot;

import hpf.kit.StartupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of {@code HPF_DATA_DIR} by one running instance. The operating system drops the lock when
 * the process dies, even by SIGKILL, so holding it also proves that anything left running on this data
 * directory (an embedded PostgreSQL) belongs to a crashed predecessor.
 */
final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(dataDir.resolve("hpf.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StartupException("HPF_DATA_DIR: " + dataDir + " is in use by another running HPF instance;"
            + " give each instance its own data directory");
      }
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new StartupException("HPF_DATA_DIR: cannot use " + dataDir + " (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The process is ending; the operating system releases the lock anyway.
    }
  }
}
