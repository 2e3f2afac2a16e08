package hpf.traffic;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The policy files, read and checked once at start-up: {@code defaults.yaml} and one {@code <appId>.yaml} per
 * channel app that differs. A channel without a file gets the defaults. Any problem stops start-up with a message
 * naming the file and the key.
 */
public record ChannelPolicies(String source, ChannelPolicy defaults, Map<String, ChannelPolicy> byApp) {

  public static final String DEFAULTS_FILE = "defaults.yaml";
  private static final Pattern APP_FILE = Pattern.compile("([a-z0-9][a-z0-9-]{2,39})\\.yaml");
  private static final String PACKAGED = "channel-policies";

  public ChannelPolicies {
    byApp = Map.copyOf(byApp);
  }

  /** The file policy of an app: its own file over the defaults, or the defaults. */
  public ChannelPolicy of(String appId) {
    return byApp.getOrDefault(appId, defaults);
  }

  /**
   * From {@code configured} when set (it must exist), else from {@code ./channel-policies} when that exists, else
   * from the copies packaged in the jar, so {@code java -jar} works from any directory.
   */
  public static ChannelPolicies load(String configured) {
    if (!configured.isEmpty()) {
      Path dir = Path.of(configured);
      if (!Files.isDirectory(dir)) {
        throw new PolicyException(configured + ": not a directory of channel policies");
      }
      return read(dir, configured);
    }
    Path local = Path.of(PACKAGED);
    if (Files.isRegularFile(local.resolve(DEFAULTS_FILE))) {
      return read(local, PACKAGED);
    }
    return packaged();
  }

  private static ChannelPolicies packaged() {
    URL url = ChannelPolicies.class.getClassLoader().getResource(PACKAGED + "/" + DEFAULTS_FILE);
    if (url == null) {
      throw new PolicyException("classpath:" + PACKAGED + ": the packaged channel policies are missing");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return read(Path.of(uri).getParent(), "classpath:" + PACKAGED);
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return read(jar.getPath(PACKAGED), "classpath:" + PACKAGED);
      }
    } catch (URISyntaxException | IOException e) {
      throw new PolicyException("classpath:" + PACKAGED + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Reads every policy file of a directory; {@code shownAs} names it in messages. */
  public static ChannelPolicies read(Path dir, String shownAs) {
    Map<String, Path> apps = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.equals(DEFAULTS_FILE) || name.startsWith(".")) {
          continue;
        }
        var matched = APP_FILE.matcher(name);
        if (matched.matches()) {
          apps.put(matched.group(1), file);
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          throw new PolicyException(shownAs + "/" + name + ": not a channel policy name; allowed: defaults.yaml or "
              + "<appId>.yaml with the app id in lower case (3-40 of a-z, 0-9, -)");
        }
      }
    } catch (IOException e) {
      throw new PolicyException(shownAs + ": cannot be listed (" + e.getMessage() + ")");
    }
    Path defaultsFile = dir.resolve(DEFAULTS_FILE);
    if (!Files.isRegularFile(defaultsFile)) {
      throw new PolicyException(shownAs + "/" + DEFAULTS_FILE + ": missing; every channel falls back to it");
    }
    String defaultsName = shownAs + "/" + DEFAULTS_FILE;
    Map<?, ?> defaultsRaw = parse(defaultsFile, defaultsName);
    new PolicyRules(defaultsName).check(defaultsRaw, true);
    ChannelPolicy defaults = new PolicyRules(defaultsName).policy(defaultsRaw);
    Map<String, ChannelPolicy> byApp = new LinkedHashMap<>();
    apps.forEach((appId, file) -> {
      String name = shownAs + "/" + file.getFileName();
      Map<?, ?> raw = parse(file, name);
      new PolicyRules(name).check(raw, false);
      byApp.put(appId, new PolicyRules(name).policy(merge(defaultsRaw, raw)));
    });
    return new ChannelPolicies(shownAs, defaults, byApp);
  }

  private static Map<?, ?> parse(Path file, String name) {
    try {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
      if (doc == null) {
        return Map.of();
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw new PolicyException(name + ": (top level): must be a map of policy keys");
      }
      return map;
    } catch (IOException e) {
      throw new PolicyException(name + ": cannot be read (" + e.getMessage() + ")");
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // The parser's message names the line and column; the first line is enough.
      throw new PolicyException(name + ": (syntax): not valid YAML: " + List.of(e.getMessage().split("\n")).get(0));
    }
  }

  /** The app's content over the defaults: top-level values replace, maps merge entry by entry. */
  private static Map<Object, Object> merge(Map<?, ?> defaults, Map<?, ?> app) {
    Map<Object, Object> merged = new LinkedHashMap<>(defaults);
    app.forEach((k, v) -> {
      if (v instanceof Map<?, ?> over && merged.get(k) instanceof Map<?, ?> base) {
        Map<Object, Object> both = new LinkedHashMap<>(base);
        both.putAll(over);
        merged.put(k, both);
      } else {
        merged.put(k, v);
      }
    });
    return merged;
  }
}
