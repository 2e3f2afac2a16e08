package hpf.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain records of one chunk (a range of employers with all their members): employers, people and their
 * accounts and cards, numbered from the center's sequences, then the money of the period. Sensitive fields are
 * encrypted afterwards ({@link Sealing}).
 */
final class ChunkBuilder {

  private final Population population;
  private final Terms terms;
  private final Registry registry;
  private final GeneratedEmployers employers;
  private final GeneratedPeople people;
  private final MoneyMovements money;
  private final GeneratedLoans loans;

  ChunkBuilder(DatasetSpec spec, Population population, Terms terms, Registry registry, GeneratedLoans loans) {
    this.loans = loans;
    this.population = population;
    this.terms = terms;
    this.registry = registry;
    this.employers = new GeneratedEmployers(spec, population, terms, registry);
    this.people = new GeneratedPeople(spec, terms);
    this.money = new MoneyMovements(spec, terms, registry);
  }

  Rows.Chunk build(int fromEmployer, int toEmployer) {
    Rows.Chunk chunk = new Rows.Chunk();
    chunk.employers.addAll(employers.draw(fromEmployer, toEmployer));
    Map<Rows.Person, Rows.Card> cards = new HashMap<>();
    for (Rows.Employer employer : chunk.employers) {
      for (int k = 0; k < population.size(employer.index()); k++) {
        Rows.Person person = people.person(population.member(employer.index(), k));
        chunk.persons.add(person);
        Rows.Account account = people.account(person, employer, k == 0, chunk.employers);
        chunk.accounts.add(account);
        person.registeredOn = account.openedOn;
        Rows.Card card = people.card(person, account.openedOn);
        if (card != null) {
          chunk.cards.add(card);
          cards.put(person, card);
        }
      }
    }
    number(chunk);
    // Each employer's lists name its accounts in account-number order, those that moved in included.
    Map<Rows.Employer, List<Rows.Account>> byEmployer = new LinkedHashMap<>();
    chunk.employers.forEach(employer -> byEmployer.put(employer, new ArrayList<>()));
    for (Rows.Account account : chunk.accounts) {
      for (Rows.Stint stint : account.stints) {
        stint.monthly = terms.monthly(account.person.wage, stint.employer.ratio());
        byEmployer.get(stint.employer).add(account);
      }
    }
    money.remit(chunk, byEmployer);
    money.withdraw(chunk, cards);
    loans.lend(chunk, cards);
    return chunk;
  }

  /** Person, account and card numbers from the sequences the platform itself uses. */
  private void number(Rows.Chunk chunk) {
    long[] persons = registry.next("person_number", chunk.persons.size());
    for (int i = 0; i < persons.length; i++) {
      chunk.persons.get(i).personId = String.format("P%08d", persons[i]);
    }
    long[] accounts = registry.next("member_account_number", chunk.accounts.size());
    for (int i = 0; i < accounts.length; i++) {
      chunk.accounts.get(i).accountNo = String.format("A%09d", accounts[i]);
    }
    long[] cards = registry.next("bank_card_card_id_seq", chunk.cards.size());
    for (int i = 0; i < cards.length; i++) {
      chunk.cards.get(i).cardId = cards[i];
    }
  }

  /** A person whose ID number the center already knows gets another one (then sealed again). */
  void redrawIdNumber(Rows.Person person) {
    people.redrawIdNumber(person);
  }
}
