package hpf.sandbox;

import hpf.crypto.FieldCipher;
import hpf.crypto.PasswordHash;
import hpf.identity.IdentitySeeds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sandbox run's demo people, employer and staff, with published credentials (docs/sandbox.md). Identifiers are
 * stored like real ones: SM4-GCM encrypted with a blind index. Registered only when HPF_SANDBOX=true.
 */
public final class DemoPeople {

  public static final String MEMBER_PASSWORD = "Demo@2026";
  public static final String STAFF_PASSWORD = "Staff@2026";
  /**
   * The demo employer opened this many months before the first start of the database, so its year of lists can be
   * paid ({@link DemoStory}) and this month's is the next due.
   */
  public static final int DEMO_EMPLOYER_MONTHS = 12;

  /** A demo person (缴存职工 or an employer's agent). */
  public record Person(String personId, String name, String idNumber, String phone) {}

  /** A demo employer, logged in by its credit code, password and its agent's phone. */
  public record Employer(String employerId, String creditCode, String name, String agentPersonId) {}

  /** A demo staff user. */
  public record Staff(String staffId, String name, List<String> roles) {}

  public static final List<Person> PEOPLE = List.of(
      new Person("P00000001", "张三", "350102199001011238", "13800000001"),
      new Person("P00000002", "李四", "350203199203187890", "13800000002"),
      new Person("P00000003", "王五", "440305198808083213", "13800000003"),
      // Loan applicants the sandbox sources tell apart (SourceFacts): an outstanding loan elsewhere, a deposit too
      // short, a second home (张三 is the eligible first-home buyer).
      new Person("P00000004", "赵六", "350203198506121456", "13800000004"),
      new Person("P00000005", "孙七", "350203198809200135", "13800000005"),
      new Person("P00000006", "周八", "350203198703051610", "13800000006"));
  public static final List<Employer> EMPLOYERS = List.of(
      new Employer("E00000001", "91350203MA31H0A0XG", "厦门示例科技有限公司", "P00000003"));
  public static final List<Staff> STAFF = List.of(
      new Staff("counter.li", "李柜员", List.of("COUNTER")),
      new Staff("reviewer.zhao", "赵复核", List.of("REVIEWER")),
      new Staff("reviewer.qian", "钱审核", List.of("REVIEWER")),
      new Staff("approver.zhou", "周审批", List.of("APPROVER")),
      new Staff("auditor.qian", "钱审计", List.of("AUDITOR")),
      new Staff("ops.sun", "孙运维", List.of("OPERATOR")));

  private DemoPeople() {}

  public static Person person(String personId) {
    return PEOPLE.stream().filter(p -> p.personId().equals(personId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no demo person " + personId));
  }

  /** Registers whoever is missing; password hashing (slow on purpose) runs on a worker, only for those. */
  public static Future<Void> register(Vertx vertx, Pool pool, FieldCipher fields) {
    return IdentitySeeds.presentIds(pool)
        .compose(present -> vertx.executeBlocking(() -> seeds(present, fields), false))
        .compose(seeds -> IdentitySeeds.run(pool, seeds))
        .compose(v -> {
          Future<Void> chain = Future.succeededFuture();
          for (Employer e : EMPLOYERS) {
            chain = chain.compose(x -> hpf.account.AccountSeeds.employer(pool, e.employerId(), e.creditCode(), e.name(),
                "0.12", java.time.YearMonth.now(hpf.kit.BusinessTime.ZONE)
                    .minusMonths(DEMO_EMPLOYER_MONTHS).atDay(1)));
          }
          return chain;
        });
  }

  private static List<IdentitySeeds.Seed> seeds(Set<String> present, FieldCipher fields) {
    List<IdentitySeeds.Seed> out = new ArrayList<>();
    for (Person p : PEOPLE) {
      if (!present.contains(p.personId())) {
        out.add(IdentitySeeds.person(fields, p.personId(), p.name(), p.idNumber(), p.phone(),
            PasswordHash.hash(MEMBER_PASSWORD)));
      }
    }
    for (Employer e : EMPLOYERS) {
      if (!present.contains(e.employerId())) {
        out.add(IdentitySeeds.employerLogin(e.employerId(), e.creditCode(), e.name(), e.agentPersonId(),
            PasswordHash.hash(MEMBER_PASSWORD)));
      }
    }
    for (Staff s : STAFF) {
      if (!present.contains(s.staffId())) {
        out.add(IdentitySeeds.staff(s.staffId(), s.name(), s.roles(), PasswordHash.hash(STAFF_PASSWORD)));
      }
    }
    return out;
  }
}
