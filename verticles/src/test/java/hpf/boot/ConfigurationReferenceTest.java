package hpf.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the code name the same settings: every HPF_* name in the main sources and resources is
 * documented there, and every HPF_* name documented there is read somewhere in them. No platform is started.
 */
class ConfigurationReferenceTest {

  // Maven runs the tests with the module directory as working directory.
  private static final Path DOC = Path.of("../docs/configuration.md");
  private static final Path MAIN = Path.of("src/main");

  private static final Pattern NAME = Pattern.compile("HPF_[A-Z0-9_]+");

  @Test
  void everySettingInTheCodeIsDocumented() {
    Set<String> missing = new TreeSet<>(namesInCode());
    missing.removeAll(names(read(DOC)));
    assertThat(missing).as("HPF_* names in verticles/src/main that docs/configuration.md does not list").isEmpty();
  }

  @Test
  void everyDocumentedSettingIsInTheCode() {
    Set<String> unknown = new TreeSet<>(names(read(DOC)));
    unknown.removeAll(namesInCode());
    assertThat(unknown).as("HPF_* names in docs/configuration.md that verticles/src/main never mentions").isEmpty();
  }

  @Test
  void theScanFindsTheSettings() {
    // Guards against a wrong working directory or an empty tree making both checks pass vacuously.
    assertThat(namesInCode()).contains("HPF_DB_URL", "HPF_SANDBOX", "HPF_CONFIG_FILE", "HPF_OPERATOR_USER");
  }

  /** Every HPF_* name in any file under src/main (Java sources and resources, whatever their package). */
  private static Set<String> namesInCode() {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.filter(Files::isRegularFile).forEach(file -> found.addAll(names(read(file))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static Set<String> names(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      String name = m.group();
      // A name ending in '_' is a prefix, not a setting: "HPF_CLUSTER_*" in a start-up message, and the "HPF_"
      // prefix Settings uses to spot unknown variables (the pattern needs a character after it, so it never matches).
      if (!name.endsWith("_")) {
        names.add(name);
      }
    }
    return names;
  }

  private static String read(Path file) {
    try {
      // ISO-8859-1 reads any byte; the names are ASCII.
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
