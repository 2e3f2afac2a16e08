package hpf.dataset;

import hpf.account.BankCards;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.loan.LoanRows;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import hpf.identity.LoginSubjects;
import hpf.kit.EncryptedColumn;
import hpf.ledger.Ledger;
import java.util.Collection;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Encrypts a chunk's sensitive fields exactly as the platform does (the configured {@link FieldCipher}: SM4-GCM
 * under the current key version with the field and row key as associated data, HMAC-SM3 blind index), using the
 * field names the owning rooms declare for key rotation, and computes the ledger fingerprints. Spread over all
 * cores: SM4-GCM is the costliest step of generation (about 8 µs a field).
 */
final class Sealing implements AutoCloseable {

  private static final String ID_NUMBER = field(LoginSubjects.encryptedColumns(), "id_number_enc");
  private static final String PHONE = field(LoginSubjects.encryptedColumns(), "phone_enc");
  private static final String CARD = BankCards.encryptedColumn().field();

  private static final String LOAN_CARD = hpf.loan.LoanRows.CARD_FIELD;
  private static final String PAYEE = hpf.settlement.InstructionRows.payeeField();

  private final FieldCipher fields;
  private final KeyRing<Sm2Keys.Private> documentKeys;
  private final ForkJoinPool workers = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

  Sealing(FieldCipher fields, KeyRing<Sm2Keys.Private> documentKeys) {
    this.fields = fields;
    this.documentKeys = documentKeys;
  }

  /** Blind index of an ID number, as {@link LoginSubjects} looks people up. */
  String idNumberIndex(String idNumber) {
    return fields.blindIndex(ID_NUMBER, idNumber);
  }

  void seal(Rows.Chunk chunk) {
    workers.submit(() -> {
      chunk.persons.parallelStream().forEach(this::seal);
      chunk.cards.parallelStream().forEach(card -> {
        card.numberEnc = fields.encrypt(CARD, String.valueOf(card.cardId), card.number);
        card.numberIdx = fields.blindIndex(CARD, card.number);
      });
      chunk.loans.parallelStream().forEach(this::seal);
      // The repayment histories need the schedules (computed with them, on all cores); booked in loan order.
      LoanReceipts.book(chunk);
      chunk.fingerprints = IntStream.range(0, chunk.transactions.size()).parallel()
          .mapToObj(i -> Ledger.fingerprint(chunk.transactions.get(i).posting(), chunk.transactions.get(i).reverses()))
          .toArray(String[]::new);
    }).join();
  }

  /** Seals these persons again (their ID numbers were drawn anew). */
  void sealPersons(Collection<Rows.Person> persons) {
    workers.submit(() -> persons.parallelStream().forEach(this::seal)).join();
  }

  private void seal(Rows.Person person) {
    String idNumber = person.idNumber();
    person.idNumberEnc = fields.encrypt(ID_NUMBER, person.personId, idNumber);
    person.idNumberIdx = fields.blindIndex(ID_NUMBER, idNumber);
    person.phoneEnc = fields.encrypt(PHONE, person.personId, person.phone);
    person.phoneIdx = fields.blindIndex(PHONE, person.phone);
  }

  /**
   * A loan's repayment card and payee number encrypted as the loan and settlement rooms do, its contract document
   * signed (SM2, the schedule at the signing day's rate), an active loan's schedule from its disbursement day and
   * its repayment history.
   */
  private void seal(Rows.Loan loan) {
    loan.cardEnc = fields.encrypt(LOAN_CARD, loan.applicationId, loan.card.number);
    loan.cardIdx = fields.blindIndex(LOAN_CARD, loan.card.number);
    if (!loan.contracted()) {
      return;
    }
    loan.payeeEnc = fields.encrypt(PAYEE, String.valueOf(loan.payeeId), loan.payeeNumber);
    loan.payeeIdx = fields.blindIndex(PAYEE, loan.payeeNumber);
    Rows.Step signed = loan.contractHistory.get(0);
    Schedule preview = Schedules.of(loan.amount.toYuan(), loan.annualRate, loan.termMonths, loan.method,
        signed.at().toLocalDate());
    loan.document = LoanRows.document(loan.contractId, loan.applicationId, loan.account.person.personId,
        loan.account.accountNo, loan.houseContractNo, loan.homeOrdinal, loan.amount, loan.payeeBankCode(),
        loan.payeeName, loan.payeeMasked(), LoanStory.channel(), signed.at(), preview, documentKeys);
    if (loan.disbursedOn != null) {
      loan.schedule = Schedules.of(loan.amount.toYuan(), loan.annualRate, loan.termMonths, loan.method,
          loan.disbursedOn);
      if (loan.plan != null) {
        loan.repayments = RepaymentHistory.of(loan.contractId, loan.schedule, loan.annualRate, loan.plan);
      }
    }
  }

  private static String field(Collection<EncryptedColumn> columns, String column) {
    return columns.stream().filter(c -> c.column().equals(column)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no encrypted column " + column)).field();
  }

  @Override
  public void close() {
    workers.shutdown();
  }
}
