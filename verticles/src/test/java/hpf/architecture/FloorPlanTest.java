package hpf.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floor plan as rules on the compiled main classes: no package cycles, each room imports only rooms below it in
 * the layer order, and no room reaches into the HTTP edge or the sandbox. A new room takes its place in
 * {@link #LAYERS}; a rule is never weakened to let a change pass.
 */
class FloorPlanTest {

  /**
   * Bottom to top: a package may import the packages before it, never those after it. The kit is what every room
   * shares; the edge (channel) sits above every room it serves; the sandbox plays the outside world on top of it;
   * boot assembles, cli starts.
   */
  static final List<String> LAYERS = List.of("crypto", "kit", "audit", "keys", "policy", "calendar", "ledger",
      "isolation", "identity", "apps", "traffic", "sources", "review", "settlement", "account", "withdrawal", "loan", "catalogue",
      "dataset", "channel", "sandbox", "boot", "cli");

  /** The business rooms: they serve the edge and are driven by it, never the other way round. */
  static final List<String> ROOMS = List.of("kit", "audit", "keys", "policy", "calendar", "ledger", "isolation",
      "identity", "apps", "traffic", "sources", "review", "settlement", "account", "withdrawal", "loan", "catalogue", "dataset");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("hpf");
  }

  @Test
  void everyPackageIsALayer() {
    noClasses().should().resideOutsideOfPackages(LAYERS.stream().map(FloorPlanTest::tree).toArray(String[]::new))
        .because("every package of hpf has its place in the layer order")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("hpf.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void eachLayerImportsOnlyTheLayersBelowIt() {
    // From the kit up: hpf.crypto is its own Maven module, which cannot see this one (and may be on the class path as
    // a jar, which the import leaves out).
    for (int i = LAYERS.indexOf("kit"); i < LAYERS.size() - 1; i++) {
      String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().map(FloorPlanTest::tree).toArray(String[]::new);
      noClasses().that().resideInAPackage(tree(LAYERS.get(i)))
          .should().dependOnClassesThat().resideInAnyPackage(above)
          .because(LAYERS.get(i) + " sits below " + Arrays.toString(above) + " in the layer order")
          .check(classes);
    }
  }

  @Test
  void roomsNeverImportTheEdgeOrTheSandbox() {
    noClasses().that().resideInAnyPackage(ROOMS.stream().map(FloorPlanTest::tree).toArray(String[]::new))
        .should().dependOnClassesThat().resideInAnyPackage(tree("channel"), tree("sandbox"), tree("boot"), tree("cli"))
        .because("rooms read what the edge learned through hpf.kit.Requests and never depend on how it is wired")
        .check(classes);
  }

  @Test
  void theKitDependsOnNothingButCrypto() {
    noClasses().that().resideInAPackage(tree("kit"))
        .should().dependOnClassesThat().resideInAnyPackage(LAYERS.stream().filter(p -> !p.equals("crypto")
            && !p.equals("kit")).map(FloorPlanTest::tree).toArray(String[]::new))
        .check(classes);
  }

  private static String tree(String room) {
    return "hpf." + room + "..";
  }
}
