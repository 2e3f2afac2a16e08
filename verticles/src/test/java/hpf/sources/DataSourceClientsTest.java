package hpf.sources;

import hpf.kit.Money;
import hpf.sandbox.DemoPeople;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static hpf.sources.SandboxSources.await;
import static hpf.sources.SandboxSources.person;
import static org.assertj.core.api.Assertions.assertThat;

/** Every client against the sandbox over real HTTP: typed answers, decided by the seeded people and the ID digits. */
class DataSourceClientsTest {

  private static SandboxSources sandbox;
  private static DataSources sources;

  @BeforeAll
  static void start() {
    sandbox = new SandboxSources();
    sources = sandbox.clients(Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void registriesKnowTheSeededPeopleAndEmployer() {
    DemoPeople.Person zhang = DemoPeople.person("P00000001");
    var population = await(sources.registry().population(zhang.idNumber(), "张三"));
    assertThat(population.name()).isEqualTo("张三");
    assertThat(population.nameMatches()).isTrue();
    assertThat(population.deceased()).isFalse();
    assertThat(population.birthDate()).isEqualTo(LocalDate.of(1990, 1, 1));
    assertThat(await(sources.registry().population(zhang.idNumber(), "李四")).nameMatches()).isFalse();
    var employer = DemoPeople.EMPLOYERS.get(0);
    var enterprise = await(sources.registry().enterprise(employer.creditCode()));
    assertThat(enterprise.name()).isEqualTo("厦门示例科技有限公司");
    assertThat(enterprise.active()).isTrue();
    assertThat(enterprise.registeredCapital()).isEqualTo(Money.parse("1000000.00"));
    assertThat(await(sources.registry().enterprise("123"))).isNull();
    // Position 17 of an unknown code decides its registration status: 0 cancelled.
    assertThat(await(sources.registry().enterprise("91350203MA31H0A00X")).active()).isFalse();
  }

  @Test
  void housingFilingsFollowTheSecondSequenceDigit() {
    var lease = await(sources.housing().leaseFilings(person(1, 2)));
    assertThat(lease).hasSize(1);
    assertThat(lease.get(0).monthlyRent()).isEqualTo(Money.parse("2500.00"));
    assertThat(lease.get(0).endDate()).isAfter(LocalDate.now());
    assertThat(lease.get(0).terminatedOn()).isNull();
    assertThat(await(sources.housing().leaseFilings(person(1, 7)))).isEmpty();
    assertThat(await(sources.housing().publicRentals(person(1, 3)))).singleElement()
        .satisfies(r -> assertThat(r.project()).isEqualTo("集美保障性住房项目"));
    assertThat(await(sources.housing().publicRentals(person(1, 2)))).isEmpty();
    assertThat(await(sources.housing().contractFilings(person(1, 4)))).singleElement()
        .satisfies(c -> assertThat(c.price()).isEqualTo(Money.parse("2680000.00")));
    // Loan applicants: a first home bought while renting (1–2), a second home (6); nobody else has a filing.
    assertThat(await(sources.housing().contractFilings(person(1, 2)))).hasSize(1);
    assertThat(await(sources.housing().contractFilings(person(1, 6)))).hasSize(1);
    assertThat(await(sources.housing().contractFilings(person(1, 7)))).isEmpty();
    assertThat(await(sources.realEstate().properties(person(1, 4)))).singleElement()
        .satisfies(p -> assertThat(p.mortgaged()).isTrue());
    assertThat(await(sources.realEstate().properties(person(1, 6)))).singleElement()
        .satisfies(p -> assertThat(p.mortgaged()).isFalse());
    assertThat(await(sources.realEstate().properties(person(1, 8)))).isEmpty();
  }

  @Test
  void depositsAndLoansAtOtherCenters() {
    assertThat(await(sources.deposits().depositOverview(person(0, 8)))).singleElement()
        .satisfies(d -> assertThat(d.accountStatus()).isEqualTo("01"));
    assertThat(await(sources.deposits().memberAccounts(person(0, 7)))).singleElement().satisfies(m -> {
      assertThat(m.accountStatus()).isEqualTo("02");
      assertThat(m.balance()).isEqualTo(Money.parse("35600.00"));
    });
    assertThat(await(sources.deposits().memberAccounts(person(0, 2)))).isEmpty();
    assertThat(await(sources.deposits().continuousDeposit(person(3, 2))).months()).isEqualTo(24);
    assertThat(await(sources.deposits().continuousDeposit(person(0, 2))).months()).as("too short for a loan").isEqualTo(3);

    String borrower = person(2, 5);
    assertThat(await(sources.loans().loanOverview(borrower))).singleElement()
        .satisfies(l -> assertThat(l.status()).isEqualTo("01"));
    assertThat(await(sources.loans().loanCount(borrower))).isEqualTo(new NationalLoanClient.LoanCount(1, 0, 1, 0));
    var loan = await(sources.loans().loans(borrower)).get(0);
    assertThat(loan.amount()).isEqualTo(Money.parse("1200000.00"));
    assertThat(loan.settledOn()).isNull();
    var page = await(sources.loans().repayments(borrower, loan.loanAccount(), 2, 5));
    assertThat(page.total()).isEqualTo(12);
    assertThat(page.items()).extracting(NationalLoanClient.Repayment::period).containsExactly(6, 7, 8, 9, 10);
    assertThat(await(sources.loans().allSettled(borrower))).isFalse();
    assertThat(await(sources.loans().allSettled(person(2, 6)))).isTrue();
    assertThat(await(sources.loans().loans(person(2, 6))).get(0).settledOn()).isNotNull();
    assertThat(await(sources.loans().loanCount(person(2, 1))).total()).isZero();
  }

  @Test
  void localSourcesFollowTheFirstSequenceDigitAndTheBirthDate() {
    assertThat(await(sources.collaboration().marriage(person(3, 2))).married()).isTrue();
    assertThat(await(sources.collaboration().marriage(person(5, 2))).status()).isEqualTo("未婚");
    assertThat(await(sources.collaboration().marriage(person(5, 2))).spouseName()).isNull();
    assertThat(await(sources.collaboration().marriage(person(8, 2))).status()).isEqualTo("离婚");
    assertThat(await(sources.collaboration().lowIncome(person(7, 2))).recipient()).isTrue();
    assertThat(await(sources.collaboration().lowIncome(person(6, 2))).recipient()).isFalse();
    assertThat(await(sources.collaboration().unemployment(person(6, 2))).registered()).isTrue();
    assertThat(await(sources.funeral().cremation(person(1, 9)))).isNotNull();
    assertThat(await(sources.funeral().cremation(person(1, 2)))).isNull();
    assertThat(await(sources.registry().population(person(1, 9), "某人")).deceased()).isTrue();

    var retired = await(sources.pension().status(person("19500301", 1, 2)));
    assertThat(retired.retired()).isTrue();
    assertThat(retired.drawsPension()).isTrue();
    assertThat(retired.retiredOn()).isEqualTo(LocalDate.of(2010, 3, 1));
    var working = await(sources.pension().status(person(1, 2)));
    assertThat(working.retired()).isFalse();
    assertThat(working.insuranceStatus()).isEqualTo("参保缴费");
    assertThat(await(sources.registry().pensionContributions(person(1, 2)))).singleElement()
        .satisfies(p -> assertThat(p.endMonth()).isNull());
  }

  @Test
  void aHomeBeingBoughtIsPreRegisteredForTheCenterUnlessNotYet() {
    assertThat(await(sources.realEstate().preRegistrations(person(1, 2))))
        .extracting(RealEstateClient.PreRegistration::kind).containsExactly("PURCHASE", "MORTGAGE");
    assertThat(await(sources.realEstate().preRegistrations(person(1, 2))).get(1).mortgagee()).contains("住房公积金");
    assertThat(await(sources.realEstate().preRegistrations(person(2, 2)))).as("not registered yet").isEmpty();
    assertThat(await(sources.realEstate().preRegistrations(person(1, 4)))).as("the outstanding loan's home").isEmpty();
  }

  @Test
  void answersAreDeterministicAndEveryQueryHasAProbe() {
    String someone = person(4, 4);
    assertThat(await(sources.loans().loans(someone))).isEqualTo(await(sources.loans().loans(someone)));
    assertThat(await(sources.collaboration().marriage(someone))).isEqualTo(await(sources.collaboration().marriage(someone)));
    assertThat(DataSources.queries()).hasSize(30);
    assertThat(DataSources.queries()).extracting(SourceQuery::dependency).doesNotHaveDuplicates();
    for (SourceQuery query : DataSources.queries()) {
      await(sources.probe(query.dependency()));
    }
  }
}
