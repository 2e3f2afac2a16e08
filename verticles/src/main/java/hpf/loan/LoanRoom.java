package hpf.loan;

import hpf.account.MemberStanding;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Kit;
import hpf.identity.SmsGatewayClient;
import hpf.identity.PersonFacts;
import hpf.kit.EncryptedColumn;
import hpf.review.Reviews;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutcome;
import hpf.sources.SourcesRoom;
import hpf.sources.consent.Consents;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import hpf.loan.servicing.LoanServicing;
import java.util.Map;

/**
 * The front door of the loan room: its public operations (loan applications), its encrypted column, what it does
 * with the review decisions on its applications (registered with the review room as LOAN_APPLICATION), and its
 * metrics' refresh.
 */
public final class LoanRoom {

  /** The review room's business type of loan applications. */
  public static final String BUSINESS_TYPE = LoanApplications.BUSINESS_TYPE;

  private final LoanOperations operations;
  private final LoanContractOperations contractOperations;
  private final LoanMetrics metrics;
  private final LoanContractMetrics contractMetrics;
  private final LoanServicing servicing;

  public LoanRoom(Vertx vertx, Kit kit, FieldCipher fields, KeyRing<Sm2Keys.Private> platformKeys, SourcesRoom sources,
                  Reviews reviews, SmsGatewayClient sms, MeterRegistry registry) {
    this.metrics = new LoanMetrics(registry, kit.pool());
    this.contractMetrics = new LoanContractMetrics(registry, kit.pool());
    LoanVerification verification = new LoanVerification(kit.pool(), sources.people(), new Consents(), sources.guard(),
        sources.evidenceLog(), sources.dataSources());
    LoanAssessment assessment = new LoanAssessment(kit.pool(), new PersonFacts(fields),
        new MemberStanding(kit.clock()));
    LoanRecords records = new LoanRecords(fields);
    this.operations = new LoanOperations(kit,
        new LoanApplications(kit.pool(), verification, assessment, records, reviews, metrics, kit.clock()),
        new LoanCorrections(kit.pool(), verification, assessment, records, reviews, metrics, kit.clock()), records);
    reviews.register(BUSINESS_TYPE, new LoanReviewOutcomes(metrics));
    this.contractOperations = new LoanContractOperations(kit,
        new LoanContracts(new PayeeAccounts(fields), new LoanContractDocument(vertx, platformKeys)),
        new LoanPreRegistration(kit.pool(), sources.people(), new Consents(), sources.guard(), sources.evidenceLog(),
            sources.dataSources()),
        new LoanDisbursements(), contractMetrics, servicingSummary());
    this.servicing = new LoanServicing(vertx, kit, fields, platformKeys, sms, reviews, registry);
  }

  private static LoanContractOperations.Summary servicingSummary() {
    return LoanServicing::summary;
  }

  /** What the room does when a bank settles a disbursement (business reference prefix {@code loan}). */
  public static Map<String, SettlementOutcome> outcomes(Clock clock, MeterRegistry registry) {
    Map<String, SettlementOutcome> all = new HashMap<>(LoanServicing.outcomes(registry));
    all.put(LoanDisbursements.PREFIX, new LoanDisbursementOutcome(new LoanContractMetrics(registry, null), clock));
    return Map.copyOf(all);
  }

  /** The public listener's operations of this room. */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    Map<String, Handler<RoutingContext>> all = new HashMap<>(operations.operations());
    all.putAll(contractOperations.operations());
    all.putAll(servicing.publicOperations());
    return Map.copyOf(all);
  }

  /** Loan servicing: the day's deductions, the receipts, what a loan owes. */
  public LoanServicing servicing() {
    return servicing;
  }

  /** The admin listener's operations of this room (the day's deductions, run now). */
  public Map<String, Handler<RoutingContext>> adminOperations() {
    return servicing.adminOperations();
  }

  /** Starts the refresh of the applications-by-state gauge. */
  public void schedule(Vertx vertx) {
    metrics.start(vertx);
    contractMetrics.start(vertx);
    servicing.schedule(vertx);
  }

  public static List<EncryptedColumn> encryptedColumns() {
    List<EncryptedColumn> all = new java.util.ArrayList<>(LoanRecords.encryptedColumns());
    all.addAll(LoanServicing.encryptedColumns());
    return List.copyOf(all);
  }
}
