package hpf.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed at build time (filtered into {@code hpf-build.properties}). */
public record BuildInfo(String version, String swaggerUiVersion) {

  private static final BuildInfo CURRENT = load();

  public static BuildInfo current() {
    return CURRENT;
  }

  private static BuildInfo load() {
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("hpf-build.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("swaggerUiVersion", "unknown"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
