package hpf.architecture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each room owns its tables: every migrated table has exactly one owner in table-owners.properties, and SQL text in
 * main code names a table only inside its owner's package (or under an exception listed here with its reason).
 */
class TableOwnershipTest {

  /** Source files allowed to name tables of other rooms, each with the tables and the reason. */
  static final Map<String, Allowed> EXCEPTIONS = Map.of();

  record Allowed(Set<String> tables, String reason) {}

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern CREATE = Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_0-9.]+)");
  private static final Pattern DROP = Pattern.compile("(?i)\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_0-9.]+)");
  private static final String NAME = "(?:[a-z_][a-z_0-9]*\\.)?[a-z_][a-z_0-9]*";
  /** A keyword, then one table or a comma list of tables with optional aliases (FROM a x, b y). */
  private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|COPY)\\s+((?:" + NAME
      + "(?:\\s+(?:AS\\s+)?" + NAME + ")?\\s*,\\s*)*" + NAME + ")");

  @Test
  void everyMigratedTableHasExactlyOneOwnerRoom() throws IOException {
    Set<String> tables = migratedTables();
    Map<String, List<String>> declared = declaredOwners();
    assertThat(declared.keySet()).as("tables with an owner vs tables the migrations create").isEqualTo(tables);
    declared.forEach((table, owners) -> {
      assertThat(owners).as("owners of " + table).hasSize(1);
      assertThat(Files.isDirectory(SOURCES.resolve(owners.get(0).replace('.', '/'))))
          .as("owner package " + owners.get(0) + " of " + table).isTrue();
    });
  }

  @Test
  void sqlInMainCodeNamesOnlyTheTablesOfItsOwnRoom() throws IOException {
    Map<String, String> owner = new TreeMap<>();
    declaredOwners().forEach((table, owners) -> owner.put(table, owners.get(0)));
    List<String> trespasses = new ArrayList<>();
    Set<String> exceptionsUsed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String relative = SOURCES.relativize(file).toString().replace('\\', '/');
        String pkg = relative.substring(0, relative.lastIndexOf('/')).replace('/', '.');
        for (String literal : JavaStrings.of(Files.readString(file, StandardCharsets.UTF_8))) {
          for (String table : tablesNamedIn(literal, owner.keySet())) {
            String room = owner.get(table);
            if (pkg.equals(room) || pkg.startsWith(room + ".")) {
              continue;
            }
            Allowed allowed = EXCEPTIONS.get(relative);
            if (allowed != null && allowed.tables().contains(table)) {
              exceptionsUsed.add(relative);
              continue;
            }
            trespasses.add(relative + " names " + table + " (owned by " + room + ")");
          }
        }
      }
    }
    assertThat(trespasses).as("SQL outside the owner room: use the owner's Java API").isEmpty();
    assertThat(exceptionsUsed).as("exceptions still needed").isEqualTo(EXCEPTIONS.keySet());
  }

  @Test
  void theScanFindsTablesAfterKeywordsOnly() {
    Set<String> known = Set.of("person", "member_account", "ledger_entry");
    assertThat(tablesNamedIn("SELECT 1 FROM person p, member_account m WHERE p.person_id = $1", known))
        .containsExactlyInAnyOrder("person", "member_account");
    assertThat(tablesNamedIn("SELECT * FROM x JOIN ledger_entry e USING (txn_id) FOR UPDATE OF x", known))
        .containsExactly("ledger_entry");
    assertThat(tablesNamedIn("the person and the member_account", known)).isEmpty();
    assertThat(tablesNamedIn("COPY public.person (person_id) FROM STDIN", known)).containsExactly("person");
    assertThat(JavaStrings.of("q(\"SELECT 1 FROM \"\n    + \"person\", x + \"member_account\"); // FROM ledger_entry"))
        .containsExactly("SELECT 1 FROM person", "member_account");
    EXCEPTIONS.forEach((file, allowed) -> assertThat(allowed.reason()).as("reason for " + file).isNotBlank());
  }

  static Set<String> tablesNamedIn(String sql, Set<String> known) {
    Set<String> found = new TreeSet<>();
    Matcher m = NAMED.matcher(sql);
    while (m.find()) {
      for (String item : m.group(1).split("\\s*,\\s*")) {
        String name = item.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('.') + 1);
        if (known.contains(name)) {
          found.add(name);
        }
      }
    }
    return found;
  }

  static Set<String> migratedTables() throws IOException {
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
        String sql = Files.readString(file, StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
        Matcher created = CREATE.matcher(sql);
        while (created.find()) {
          tables.add(bare(created.group(1)));
        }
        Matcher dropped = DROP.matcher(sql);
        while (dropped.find()) {
          tables.remove(bare(dropped.group(1)));
        }
      }
    }
    return tables;
  }

  /** The owner declaration, read line by line so that a table declared twice is seen (Properties would keep one). */
  static Map<String, List<String>> declaredOwners() throws IOException {
    Map<String, List<String>> owners = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("src/test/resources/table-owners.properties"))) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] pair = text.split("\\s*=\\s*", 2);
      owners.computeIfAbsent(pair[0], t -> new ArrayList<>()).add(pair[1]);
    }
    return owners;
  }

  private static String bare(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.substring(lower.lastIndexOf('.') + 1);
  }
}
