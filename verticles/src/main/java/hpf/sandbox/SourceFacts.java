package hpf.sandbox;

import hpf.kit.BusinessTime;
import java.time.LocalDate;
import java.time.Period;

/**
 * What the sandbox data sources say about a person, decided by the ID number alone so that tests and testers can
 * pick a person with the answer they need (docs/sandbox.md). With {@code a} and {@code b} the
 * first two digits of the sequence code (positions 15 and 16 of the 18-digit number):
 * <ul>
 *   <li>marriage by {@code a}: 0–4 已婚, 5–7 未婚, 8 离婚, 9 丧偶; low-income when {@code a} = 7; unemployed when
 *   {@code a} = 6 (its pension insurance is then 暂停缴费); the household moved out of the city when {@code a} = 8
 *   (the city's e-licence platform has no household register);</li>
 *   <li>housing by {@code b}: 0–2 a filed lease running this year, 3 a public rental, 4–5 a filed purchase contract,
 *   a mortgaged property and an outstanding loan, 6 a property and a settled loan, 7–9 nothing; a filed purchase
 *   contract (contract number {@code HT} + the last six characters) also for 1–2 (renting while buying a first home)
 *   and 6 (buying a second home), so loan applicants of every kind exist; the one for 2 is a shared-ownership
 *   home (共有产权住房), the others 商品住房;</li>
 *   <li>deposits elsewhere by {@code b}: 8 an active account at another center, 7 a sealed one; continuous deposit
 *   {@code 6 × (a + 1)} months, except 3 months for {@code a} = 0 (too short for a loan);</li>
 *   <li>deceased (population death flag, cremation record) when {@code b} = 9;</li>
 *   <li>a disability certificate (残疾人证) when {@code b} = 7, the one who left work (its account elsewhere is
 *   sealed);</li>
 *   <li>retired and drawing a pension when 60 or older by the birth date in the number.</li>
 * </ul>
 */
record SourceFacts(String idNumber, int a, int b, LocalDate birthDate) {

  static SourceFacts of(String idNumber) {
    String id = idNumber.trim().toUpperCase();
    int hash = Math.floorMod(id.hashCode(), 100);
    int a = id.length() == 18 && Character.isDigit(id.charAt(14)) ? id.charAt(14) - '0' : hash / 10;
    int b = id.length() == 18 && Character.isDigit(id.charAt(15)) ? id.charAt(15) - '0' : hash % 10;
    LocalDate birth;
    try {
      birth = LocalDate.parse(id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14));
    } catch (RuntimeException e) {
      birth = LocalDate.of(1990, 1, 1);
    }
    return new SourceFacts(id, a, b, birth);
  }

  /** The registered name: a seeded person's own, else the name the query gave, else a placeholder. */
  String name(String given) {
    return DemoPeople.PEOPLE.stream().filter(p -> p.idNumber().equalsIgnoreCase(idNumber)).map(DemoPeople.Person::name)
        .findFirst().orElse(given == null || given.isBlank() ? "居民" + idNumber.substring(Math.max(0, idNumber.length() - 4))
            : given);
  }

  String maritalStatus() {
    return a <= 4 ? "已婚" : a <= 7 ? "未婚" : a == 8 ? "离婚" : "丧偶";
  }

  /** The date of the marriage registration of anyone not 未婚 (the marriage answer and the licence agree). */
  LocalDate marriageRegisteredOn() {
    return maritalStatus().equals("未婚") ? null : LocalDate.of(2018, 5, 20);
  }

  /** The last six characters of the ID number, which the answers' document numbers end with. */
  String tail() {
    return idNumber.substring(Math.max(0, idNumber.length() - 6));
  }

  /** The number of the property certificate of an owner (real estate registry and e-licence agree). */
  String propertyCertificateNo() {
    return "闽(" + (today().getYear() - 1) + ")厦门市不动产权第" + tail() + "号";
  }

  LocalDate propertyRegisteredOn() {
    return LocalDate.of(today().getYear() - 1, 5, 10);
  }

  boolean lowIncome() {
    return a == 7;
  }

  boolean unemployed() {
    return a == 6;
  }

  boolean filedLease() {
    return b <= 2;
  }

  boolean publicRental() {
    return b == 3;
  }

  boolean purchaseWithLoan() {
    return b == 4 || b == 5;
  }

  /** A filed purchase contract: the home bought with the outstanding loan, or a home being bought now. */
  boolean filedPurchase() {
    return purchaseWithLoan() || b == 1 || b == 2 || b == 6;
  }

  /** The filed purchase's kind of housing: a shared-ownership home (共有产权住房) for {@code b} = 2. */
  String houseType() {
    return b == 2 ? "共有产权住房" : "商品住房";
  }

  boolean settledLoan() {
    return b == 6;
  }

  boolean hasLoan() {
    return purchaseWithLoan() || settledLoan();
  }

  boolean ownsProperty() {
    return purchaseWithLoan() || settledLoan();
  }

  /** 01 active, 02 sealed account at another center; null when none. */
  String accountElsewhere() {
    return b == 8 ? "01" : b == 7 ? "02" : null;
  }

  int continuousMonths() {
    return a == 0 ? 3 : 6 * (a + 1);
  }

  boolean deceased() {
    return b == 9;
  }

  boolean movedOut() {
    return a == 8;
  }

  boolean disabled() {
    return b == 7;
  }

  boolean retired() {
    return Period.between(birthDate, today()).getYears() >= 60;
  }

  LocalDate retiredOn() {
    return birthDate.plusYears(60);
  }

  String sex() {
    return idNumber.length() == 18 && Character.isDigit(idNumber.charAt(16)) && (idNumber.charAt(16) - '0') % 2 == 0
        ? "女" : "男";
  }

  /** The year the answers' running contracts are placed in: they run from last year to next year. */
  static LocalDate today() {
    return LocalDate.now(BusinessTime.ZONE);
  }
}
