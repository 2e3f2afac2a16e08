package hpf.boot;

import hpf.account.AccountOperations;
import hpf.account.IncomingFunds;
import hpf.account.ReceiptReferences;
import hpf.account.BankCards;
import hpf.account.Certificates;
import hpf.account.ContributionChangeOperations;
import hpf.account.DeferralOperations;
import hpf.account.DirectDebitOperations;
import hpf.account.EmployerInfoOperations;
import hpf.account.EmployerQueries;
import hpf.account.EmployerRegistryCheck;
import hpf.account.EmployerStatusOperations;
import hpf.account.FlexibleOperations;
import hpf.account.InterestAdmin;
import hpf.account.MemberEligibilityCheck;
import hpf.account.MemberEligibilityVerification;
import hpf.account.MemberInfoOperations;
import hpf.account.RefundOperations;
import hpf.account.RegistryVerification;
import hpf.account.RemittanceOperations;
import hpf.account.SupplementOperations;
import hpf.account.SuspenseOperations;
import hpf.account.TransferOperations;
import hpf.apps.ChannelAppAdmin;
import hpf.apps.ChannelApps;
import hpf.audit.AuditAdmin;
import hpf.audit.AuditChainCheck;
import hpf.audit.AuditLog;
import hpf.audit.AuditQuery;
import hpf.audit.ChainAdmin;
import hpf.audit.ChainAnchors;
import hpf.audit.ChainKeys;
import hpf.catalogue.ServiceCatalogue;
import hpf.channel.BankOperations;
import hpf.channel.NonceRegistry;
import hpf.channel.OperatorAuth;
import hpf.channel.ResponseSigner;
import hpf.channel.SignedCallerCheck;
import hpf.channel.Zone;
import hpf.channel.ZoneSecurity;
import hpf.crypto.FieldCipher;
import hpf.crypto.Sm2Keys;
import hpf.dataset.DemoDataset;
import hpf.identity.Identity;
import hpf.identity.IdentityProviderClient;
import hpf.identity.Kit;
import hpf.identity.LoginSubjects;
import hpf.identity.OperatorAccounts;
import hpf.identity.Operators;
import hpf.identity.People;
import hpf.identity.Sessions;
import hpf.identity.SmsGatewayClient;
import hpf.isolation.Dependency;
import hpf.isolation.DependencyAdmin;
import hpf.isolation.DependencyGuard;
import hpf.keys.FieldKeyAdmin;
import hpf.keys.FieldKeyRotation;
import hpf.kit.EncryptedColumn;
import hpf.kit.Idempotency;
import hpf.kit.StartupException;
import hpf.ledger.LedgerAdmin;
import hpf.ledger.Reconciliation;
import hpf.policy.PolicyAdmin;
import hpf.sandbox.DataSourceRoutes;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoBanks;
import hpf.sandbox.DemoOperators;
import hpf.sandbox.DemoPeople;
import hpf.sandbox.DemoResidue;
import hpf.sandbox.SandboxServer;
import hpf.sandbox.bank.NoticePusher;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.InstructionReleases;
import hpf.settlement.OutboxGauges;
import hpf.settlement.PartnerBanks;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import hpf.settlement.dispatch.BatchAdmin;
import hpf.settlement.dispatch.BatchGauges;
import hpf.settlement.dispatch.BatchTuning;
import hpf.settlement.dispatch.DispatchMetrics;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.Payments;
import hpf.settlement.dispatch.SettlementAdmin;
import hpf.settlement.inbound.BankNotices;
import hpf.settlement.inbound.NoticeAdmin;
import hpf.settlement.reconcile.DailyReconciliation;
import hpf.settlement.reconcile.Reconciler;
import hpf.settlement.reconcile.ReconciliationAdmin;
import hpf.settlement.reconcile.ReconciliationMetrics;
import hpf.sources.DataSources;
import hpf.sources.NationalDepositInquiry;
import hpf.sources.consent.ConsentOperations;
import hpf.sources.consent.Consents;
import hpf.sources.consent.NationalAuthorizationList;
import hpf.sources.consent.NationalFiling;
import hpf.sources.evidence.EvidenceLog;
import hpf.sources.evidence.EvidenceOperations;
import hpf.traffic.TrafficAdmin;
import hpf.traffic.TrafficControl;
import hpf.traffic.ZoneTraffic;
import hpf.withdrawal.AgreedWithdrawalJob;
import hpf.withdrawal.AgreementOperations;
import hpf.withdrawal.DataSourceVerification;
import hpf.withdrawal.PersonLists;
import hpf.withdrawal.Verification;
import hpf.withdrawal.WithdrawalOperations;
import hpf.withdrawal.WithdrawalReviews;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Manual wiring of the rooms: who answers which zone's operations, and who checks the zone's callers. */
final class Wiring {

  private final HpfConfig config;
  private final Vertx vertx;
  private final Pool pool;
  private final Database.Target database;
  private final Health health;
  private final Supplier<SystemInfo.Facts> facts;
  private final ChannelApps channelApps;
  private final AuditLog audit;
  private final NonceRegistry nonces;
  private final FieldCipher fields;
  private final Identity identity;
  /** The business clock every room reads (the system clock, UTC): dates through BusinessTime. */
  private final Clock clock = Clock.systemUTC();
  /** What every room's operations are built from: pool, session check, idempotency, audit, clock. */
  private final Kit kit;
  private final AtomicInteger sandboxPort = new AtomicInteger();
  /** The sandbox partner banks (BDC and JSON), started with the sandbox; null when HPF_SANDBOX=false. */
  private final SandboxBank sandboxBank;
  /** Sends the settlement outbox to the banks; null when HPF_SETTLEMENT_DISPATCH is off. */
  private Dispatcher dispatcher;
  private final HazelcastClusterManager cluster;
  private final FieldKeyAdmin fieldKeys;
  /** Individual operator accounts with roles, their sign-in and sessions (admin listener). */
  private final OperatorAccounts operatorAccounts;
  private final PartnerBanks partnerBanks;
  private final ResponseSigner bankSigner;
  private final NonceRegistry bankNonces;
  private final EvidenceOperations evidence;
  /** Every outbound dependency's guard: timeout, concurrency cap, detection, cluster-wide isolation and probing. */
  private final DependencyGuard dependencies;
  /** The government data source clients (configured URLs or the sandbox's); the rooms call them through the guard. */
  private final DataSources dataSources;
  /** The unified identity platform and the SMS gateway, both behind the guard. */
  private final IdentityProviderClient identityProvider;
  private final SmsGatewayClient smsGateway;
  /** Consent's national side: filing a grant (query 15) and the staff list (17). */
  private final NationalFiling nationalFiling;
  private final NationalAuthorizationList nationalAuthorizations;

  private final MeterRegistry registry;
  private final AuditAdmin auditAdmin;
  /** Signed checkpoints of the audit and evidence chains, anchored outside the database; their verification. */
  private final ChainAnchors chainAnchors;
  private final ChainAdmin chainAdmin;
  private final AgreedWithdrawalJob agreedWithdrawals;
  /** The members' live lookup of their deposits at every center (national platform, query 7). */
  private final NationalDepositInquiry depositInquiry;
  /** The government data sources as the withdrawal room sees them: consent, guard, evidence (hpf.sources). */
  private final Verification verification;
  // Verification hooks awaited before opening an employer and adding or unsealing a member: the employer against
  // the enterprise registry (public data, no consent needed); the member against its accounts elsewhere and its
  // pension, with the member's consent (personal data), else recorded NOT_VERIFIED.
  private final EmployerRegistryCheck registryCheck;
  private final MemberEligibilityCheck eligibilityCheck;
  /** Per-channel rate limits, quotas and member limits across the cluster (public listener). */
  private final TrafficControl traffic;
  /** Daily reconciliation with each bank whose gateway is connected (those the dispatcher sends through). */
  private final Reconciler reconciler;
  private final DailyReconciliation dailyReconciliation;

  Wiring(HpfConfig config, Vertx vertx, Pool pool, Database.Target database, HazelcastClusterManager cluster,
         Health health, Supplier<SystemInfo.Facts> facts, MeterRegistry registry) {
    this.registry = registry;
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    this.cluster = cluster;
    this.health = health;
    this.facts = facts;
    this.fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
    this.channelApps = new ChannelApps(vertx, pool, fields);
    ChainKeys chainKeys = new ChainKeys(config.security().chains().keys());
    this.audit = new AuditLog(pool, chainKeys, clock);
    this.nonces = new NonceRegistry(vertx, cluster.getHazelcastInstance().getMap(NonceRegistry.MAP),
        cluster.getHazelcastInstance().getMap(NonceRegistry.MEMORY_MAP), config.security().signatureWindow(),
        clock);
    SecurityConfig security = config.security();
    this.dependencies = new DependencyGuard(vertx, cluster.getHazelcastInstance(), pool, audit, registry,
        clock, config.dependencyTuning(), 1000);
    WebClient http = WebClient.create(vertx);
    this.identityProvider = new IdentityProviderClient(http,
        thirdParty(config.thirdParties().identityProviderUrl(), "/idp"), dependencies);
    this.smsGateway = new SmsGatewayClient(http, thirdParty(config.thirdParties().smsGatewayUrl(), "/sms"), dependencies);
    this.identity = new Identity(vertx, pool, fields, audit, cluster.getHazelcastInstance().getMap(Sessions.REVOKED_MAP),
        new Identity.Settings(security.tokenKeys(), security.accessTokenLifetime(), security.refreshTokenLifetime(),
            security.loginMaxFailures(), security.loginLock(), identityProvider, smsGateway), registry, clock);
    this.kit = new Kit(pool, identity.auth(), new Idempotency(pool), audit, clock);
    this.operatorAccounts = new OperatorAccounts(vertx, pool, fields, audit, config.operators(), clock,
        security.adminUser(), registry);
    this.fieldKeys = new FieldKeyAdmin(vertx, new FieldKeyRotation(pool, fields, encryptedColumns()), audit, registry);
    this.auditAdmin = new AuditAdmin(new AuditQuery(pool));
    this.partnerBanks = new PartnerBanks(pool);
    this.bankSigner = new ResponseSigner(vertx, security.platformKeys());
    this.bankNonces = new NonceRegistry(vertx, cluster.getHazelcastInstance().getMap("hpf.bank.nonces"),
        cluster.getHazelcastInstance().getMap(NonceRegistry.MEMORY_MAP), security.signatureWindow(), clock);
    this.evidence = new EvidenceOperations(vertx, kit, fields, security.platformKeys(), chainKeys);
    AuditChainCheck auditChain = new AuditChainCheck(vertx, pool, chainKeys);
    this.chainAnchors = new ChainAnchors(vertx, pool, security.platformKeys(), config.dataDir(),
        List.of(auditChain.walk(), evidence.chainCheck().walk()), security.chains().checkpointRecords(),
        security.chains().checkpointInterval(), registry);
    this.chainAdmin = new ChainAdmin(auditChain, evidence.chainCheck(), chainAnchors, audit, registry);
    HpfConfig.DataSourceUrls sources = config.thirdParties().dataSources();
    this.dataSources = DataSources.create(WebClient.create(vertx), new DataSources.BaseUrls(
        thirdParty(sources.national(), DataSourceRoutes.FAMILY_PATHS.get("national")),
        thirdParty(sources.collaboration(), DataSourceRoutes.FAMILY_PATHS.get("collab")),
        thirdParty(sources.realEstate(), DataSourceRoutes.FAMILY_PATHS.get("real_estate")),
        thirdParty(sources.funeral(), DataSourceRoutes.FAMILY_PATHS.get("funeral")),
        thirdParty(sources.pension(), DataSourceRoutes.FAMILY_PATHS.get("pension")),
        thirdParty(sources.elicense(), DataSourceRoutes.FAMILY_PATHS.get("elicense"))), sources.timeout());
    EvidenceLog evidenceLog = new EvidenceLog(vertx, pool, fields, security.platformKeys(), chainKeys, clock);
    this.nationalFiling = new NationalFiling(dependencies, evidenceLog, dataSources.authorizations(), new People(fields));
    this.nationalAuthorizations = new NationalAuthorizationList(pool, new People(fields), dependencies, evidenceLog,
        dataSources.authorizations(), audit);
    this.verification = new DataSourceVerification(pool, new People(fields), new Consents(), dependencies, evidenceLog,
        dataSources);
    this.registryCheck = new RegistryVerification(dependencies, evidenceLog, dataSources.registry());
    this.eligibilityCheck = new MemberEligibilityVerification(pool, new People(fields), new Consents(), dependencies,
        evidenceLog, dataSources, config.thirdParties().centerNo());
    this.depositInquiry = new NationalDepositInquiry(kit, new People(fields), new Consents(), dependencies,
        evidenceLog, dataSources);
    this.traffic = new TrafficControl(vertx, cluster.getHazelcastInstance(), pool, channelApps, config.channelPolicies(),
        registry, clock, member -> fields.blindIndex("traffic.member", member),
        config.unverifiedTraffic());
    this.agreedWithdrawals = new AgreedWithdrawalJob(pool, audit, fields, smsGateway, verification, clock);
    this.reconciler = new Reconciler(pool, dependencies, new ReconciliationMetrics(registry), clock,
        new ReceiptReferences());
    this.dailyReconciliation = new DailyReconciliation(pool, reconciler, "node-" + cluster.getNodeId());
    java.util.Map<String, hpf.crypto.Sm2Keys.Private> demoBankKeys = new java.util.LinkedHashMap<>();
    DemoBanks.ALL.forEach(b -> demoBankKeys.put(b.bankCode(), b.privateKey()));
    this.sandboxBank = !config.sandbox() ? null : new SandboxBank(demoBankKeys,
        security.platformKeys().current().publicKey(), config.banks().sandboxBankPort(), clock);
  }

  /** The sandbox partner banks (null when HPF_SANDBOX=false). */
  SandboxBank sandboxBank() {
    return sandboxBank;
  }

  /**
   * The dispatcher, with one gateway per partner bank, each behind the guard as {@code bank.<code>} (probe: SYS600).
   * The sandbox run's bank 102 speaks BDC over TCP and 105 the JSON variant, so both protocols carry real traffic.
   */
  private Future<Void> startDispatch() {
    return bankGateways().compose(gateways -> {
      // Beyond the protocol's own timeout: the client gives up first and reports UNCERTAIN, never the guard.
      Duration timeout = config.banks().timeout();
      Dependency.Tuning tuning = new Dependency.Tuning(timeout.plusSeconds(5), 64, 5, 20, 10, 0.5,
          Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(30), 2, Duration.ofSeconds(10));
      return Future.all(gateways.values().stream().map(gateway -> dependencies.register(Dependency.of(
                  Dispatcher.dependencyOf(gateway.bankCode()), "合作银行结算接口（" + gateway.bankCode() + "）",
                  gateway::probe).with(tuning)))
              .toList())
          .map(registered -> {
            dispatcher = new Dispatcher(vertx, pool, gateways, SettlementOutcomes.all(), dependencies,
                new Payments(pool, BankCards.cardNumbers(fields), new PayeeAccounts(fields)),
                DispatchTuning.defaults(), batchTuning(), new DispatchMetrics(registry), clock,
                "node-" + cluster.getNodeId());
            dispatcher.start();
            gateways.values().forEach(reconciler::connect);
            return null;
          });
    });
  }

  /** Batch files in the configured night window, at most the configured rows a file. */
  private BatchTuning batchTuning() {
    BatchTuning defaults = BatchTuning.defaults(config.banks().batchWindow());
    return new BatchTuning(defaults.window(), config.banks().batchRows(), defaults.pollBackoff(),
        defaults.pollBackoffCap(), defaults.maxPolls(), defaults.settleChunk());
  }

  /**
   * One gateway per partner bank: the configured endpoints ({@code HPF_BANK_ENDPOINTS}; a JSON bank's answers are
   * verified with the key it is registered with), else in the sandbox run its banks, 102 over BDC and 105 over
   * JSON, so both protocols carry real traffic.
   */
  private Future<Map<String, BankGateway>> bankGateways() {
    return partnerBanks.registeredEndpoints().compose(this::bankGateways);
  }

  /** As above, plus the endpoints operators registered (admin API), for banks the configuration does not name. */
  private Future<Map<String, BankGateway>> bankGateways(List<PartnerBanks.Endpoint> registered) {
    Sm2Keys.Private key = config.security().platformKeys().current();
    String node = config.banks().centerNode();
    Duration timeout = config.banks().timeout();
    Map<String, HpfConfig.BankEndpoint> endpoints = new java.util.TreeMap<>(config.banks().endpoints());
    if (endpoints.isEmpty() && config.sandbox()) {
      endpoints.put("102", new HpfConfig.BankEndpoint("102", "bdc", "127.0.0.1", sandboxBank.port("102"), null));
      endpoints.put("105", new HpfConfig.BankEndpoint("105", "json", null, 0,
          "http://127.0.0.1:" + sandboxPort.get() + SandboxBank.jsonBasePath("105")));
    }
    for (PartnerBanks.Endpoint r : registered) {
      String[] hostPort = "bdc".equals(r.protocol()) ? hpf.settlement.BankEndpointText.split(r.endpoint()) : null;
      endpoints.putIfAbsent(r.bankCode(), hostPort != null
          ? new HpfConfig.BankEndpoint(r.bankCode(), "bdc", hostPort[0], Integer.parseInt(hostPort[1]), null)
          : new HpfConfig.BankEndpoint(r.bankCode(), "json", null, 0, r.endpoint()));
    }
    if (endpoints.isEmpty()) {
      return Future.failedFuture(new StartupException(
          "HPF_SETTLEMENT_DISPATCH: no partner bank endpoint configured (HPF_BANK_ENDPOINTS)", null));
    }
    List<Future<BankGateway>> gateways = new ArrayList<>();
    for (HpfConfig.BankEndpoint endpoint : endpoints.values()) {
      BankLink link = BankLink.of(endpoint.bankCode(), node, timeout);
      gateways.add("bdc".equals(endpoint.protocol())
          ? Future.succeededFuture(new BdcClient(vertx, link, new BdcClient.Endpoint(endpoint.host(), endpoint.port(),
              Duration.ofSeconds(5), key), clock))
          : partnerBanks.find(endpoint.bankCode()).compose(bank -> bank == null
              ? Future.failedFuture(new StartupException("HPF_BANK_ENDPOINTS: bank " + endpoint.bankCode()
                  + " is not a registered partner bank", null))
              : Future.succeededFuture(new JsonBankClient(vertx, link, new JsonBankClient.Endpoint(endpoint.url(),
                  Duration.ofSeconds(5), key, bank.publicKey()), clock))));
    }
    return Future.all(gateways).map(all -> {
      Map<String, BankGateway> byBank = new HashMap<>();
      gateways.forEach(g -> byBank.put(g.result().bankCode(), g.result()));
      return Map.copyOf(byBank);
    });
  }

  /**
   * The sandbox banks' pushes (incoming funds, results) go to this instance's bank listener on loopback, signed with
   * the demo banks' keys, as a real bank's would arrive; once the listener is up.
   */
  void bankListening(int bankPort) {
    if (sandboxBank != null) {
      String bind = config.listeners().bindHost();
      String host = bind.isEmpty() || "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
      java.util.Map<String, Sm2Keys.Private> keys = new java.util.LinkedHashMap<>();
      DemoBanks.ALL.forEach(b -> keys.put(b.bankCode(), b.privateKey()));
      sandboxBank.notices(new NoticePusher(vertx, keys, host, bankPort)::push);
    }
  }

  /** Takes no new settlement work, waits (bounded) for the bank calls in flight, then signs out of the banks. */
  Future<Void> stopDispatch() {
    if (dispatcher == null) {
      return Future.succeededFuture();
    }
    dispatcher.stop();
    long deadline = System.nanoTime() + config.banks().timeout().plusSeconds(5).toNanos();
    return Future.<Void>future(done -> awaitIdle(deadline, done)).compose(v -> dispatcher.signOut());
  }

  private void awaitIdle(long deadline, io.vertx.core.Promise<Void> done) {
    if (dispatcher.inFlight() == 0 || System.nanoTime() > deadline) {
      done.complete();
      return;
    }
    vertx.setTimer(50, id -> awaitIdle(deadline, done));
  }

  /** The daily reconciliation with the banks (tests connect a bank of their own). */
  Reconciler reconciler() {
    return reconciler;
  }

  /** The guard every outbound call goes through. */
  DependencyGuard dependencies() {
    return dependencies;
  }

  /** The data source clients, for the rooms that verify applications. */
  DataSources dataSources() {
    return dataSources;
  }

  /** Every column that holds encrypted fields, declared by the room that owns it. */
  private static List<EncryptedColumn> encryptedColumns() {
    List<EncryptedColumn> all = new ArrayList<>(LoginSubjects.encryptedColumns());
    all.add(ChannelApps.encryptedColumn());
    all.add(ChannelApps.previousSecretColumn());
    all.add(Operators.encryptedColumn());
    all.add(BankCards.encryptedColumn());
    all.add(PayeeAccounts.encryptedColumn());
    all.addAll(WithdrawalOperations.encryptedColumns());
    all.add(EmployerInfoOperations.encryptedColumn());
    all.add(EvidenceLog.encryptedColumn());
    return all;
  }

  /** A configured third party, or the sandbox's own server for it once that listens. */
  private Supplier<String> thirdParty(String configured, String sandboxPath) {
    return () -> configured.isEmpty() ? "http://127.0.0.1:" + sandboxPort.get() + sandboxPath : configured;
  }

  /** State to restore and, in the sandbox run, third parties and demo data, before the first request. */
  Future<Void> prepare() {
    // Every data source query behind the guard, with its synthetic probe (a reserved identity, never a member).
    Future<Void> registered = Future.all(DataSources.queries().stream()
        .map(q -> dependencies.register(Dependency.of(q.dependency(), q.name(), () -> dataSources.probe(q.dependency()))))
        .toList())
        // The identity provider and the SMS gateway too, each with a probe that concerns nobody and texts nobody.
        .compose(sources -> dependencies.register(identityProvider.dependency()))
        .compose(v -> dependencies.register(smsGateway.dependency()));
    agreedWithdrawals.schedule(vertx);
    Future<Void> ready;
    if (!config.sandbox()) {
      ready = registered.compose(r -> DemoResidue.refuse(pool)).compose(v -> identity.restore())
          .compose(v -> traffic.start());
    } else {
      ready = registered.compose(r -> vertx.deployVerticle(new SandboxServer(config.thirdParties().sandboxPort(),
              sandboxPort::set, sandboxBank))
          .recover(e -> Future.failedFuture(new StartupException(e.getMessage().startsWith("HPF_SANDBOX_BANK_PORT")
              ? e.getMessage() + " (first port " + config.banks().sandboxBankPort() + ")"
              : "HPF_SANDBOX_PORT: the sandbox servers cannot listen on "
              + config.thirdParties().sandboxPort() + " (" + e.getMessage() + ")", e))))
          .compose(id -> DemoApps.register(channelApps))
          .compose(v -> DemoBanks.register(partnerBanks))
          .compose(v -> DemoPeople.register(vertx, pool, fields))
          .compose(v -> DemoOperators.register(operatorAccounts))
          .compose(v -> identity.restore())
          .compose(v -> traffic.start());
    }
    // Once the partner banks are known: the queue gauges have a series per bank from the first scrape.
    return ready.compose(v -> chainAnchors.start())
        .onSuccess(v -> new OutboxGauges(pool, registry).start(vertx))
        .onSuccess(v -> new BatchGauges(pool, registry, config.banks().batchWindow(), clock).start(vertx))
        .onSuccess(v -> {
          reconciler.startMetrics(vertx);
          dailyReconciliation.start(vertx, Duration.ofHours(1));
        })
        .compose(v -> config.banks().dispatch() ? startDispatch() : Future.succeededFuture());
  }

  /** The sandbox's demo data set on the first start of an empty database (HPF_DEMO_DATASET); after {@link #prepare}. */
  Future<Void> demoData() {
    return !config.demoDataset() ? Future.succeededFuture() : DemoDataset.ensure(vertx, pool,
        new DemoDataset.Jdbc(database.jdbcUrl(), database.user(), database.password()), fields, audit);
  }

  /** Where the sandbox servers listen (0 when they do not run). */
  int sandboxPort() {
    return sandboxPort.get();
  }

  Map<String, Handler<RoutingContext>> handlers(Zone zone) {
    return switch (zone) {
      case PUBLIC -> merge(new ServiceCatalogue(pool).operations(), identity.operations(),
          new AccountOperations(kit, new People(fields), registryCheck, eligibilityCheck).operations(),
          new EmployerInfoOperations(kit, fields, registryCheck).operations(),
          new DeferralOperations(kit).operations(),
          new ContributionChangeOperations(kit).operations(),
          new EmployerStatusOperations(kit).operations(),
          new MemberInfoOperations(kit, new People(fields)).operations(),
          new FlexibleOperations(kit, new People(fields), eligibilityCheck).operations(),
          new RemittanceOperations(kit).operations(),
          new DirectDebitOperations(kit, fields).operations(),
          new TransferOperations(kit, fields).operations(),
          new InstructionReleases(kit).operations(),
          new SupplementOperations(kit).operations(),
          new RefundOperations(kit, fields).operations(),
          new SuspenseOperations(kit, fields).operations(),
          new EmployerQueries(kit).operations(),
          new Certificates(vertx, kit, config.security().platformKeys()).operations(),
          new BankCards(kit, fields).operations(),
          new WithdrawalOperations(kit, verification, fields).operations(),
          new WithdrawalReviews(kit, verification, fields).operations(),
          new AgreementOperations(kit).operations(),
          new ConsentOperations(kit, new Consents(), nationalFiling, nationalAuthorizations).operations(),
          depositInquiry.operations(),
          evidence.operations());
      case BANK -> merge(new BankOperations(bankSigner).operations(),
          new BankNotices(pool, bankSigner, new IncomingFunds(fields, clock), SettlementOutcomes.all(),
              registry, clock).operations());
      case INTEROP -> Map.of();
      case ADMIN -> merge(new SystemInfo(facts, audit).operations(), operatorAccounts.operations(),
          new ChannelAppAdmin(channelApps, audit, new Idempotency(pool)).operations(),
          new hpf.apps.ChannelAppOnboarding(pool, channelApps, audit, new Idempotency(pool)).operations(),
          identity.staffAdminOperations(new Idempotency(pool)),
          new hpf.settlement.PartnerBankAdmin(pool, audit, new Idempotency(pool)).operations(),
          new PolicyAdmin(pool, audit, new Idempotency(pool), clock).operations(),
          new PersonLists(pool, audit, new Idempotency(pool), PersonLists.Kind.BLOCKED).operations(),
          new PersonLists(pool, audit, new Idempotency(pool), PersonLists.Kind.KEY_REVIEW).operations(),
          agreedWithdrawals.operations(),
          new InterestAdmin(pool, audit, clock).operations(),
          auditAdmin.operations(),
          new LedgerAdmin(new Reconciliation(pool)).operations(),
          new SettlementAdmin(pool, SettlementOutcomes.all(), audit, new Idempotency(pool), clock).operations(),
          new NoticeAdmin(pool).operations(),
          new BatchAdmin(pool, audit, new Idempotency(pool)).operations(),
          new ReconciliationAdmin(reconciler, audit, new Idempotency(pool)).operations(),
          fieldKeys.operations(),
          chainAdmin.operations(),
          new DependencyAdmin(dependencies).operations(),
          new TrafficAdmin(traffic, audit, new Idempotency(pool)).operations());
      case MANAGEMENT -> health.operations();
    };
  }

  /** The zone's traffic control: channel rate limits and quotas on the public listener only. */
  ZoneTraffic traffic(Zone zone) {
    return zone == Zone.PUBLIC ? traffic : ZoneTraffic.NONE;
  }

  /** Traffic control of this member (counts, policies). */
  TrafficControl trafficControl() {
    return traffic;
  }

  /** Who checks each zone's callers and who signs its answers (management: its probes and scrapes only). */
  ZoneSecurity security(Zone zone) {
    Duration window = config.security().signatureWindow();
    return switch (zone) {
      case PUBLIC -> new ZoneSecurity(new SignedCallerCheck(vertx, SignedCallerCheck.channelApps(channelApps),
          Set.of(Certificates.VERIFICATION_PATH),
          nonces, window, clock), null);
      case BANK -> new ZoneSecurity(new SignedCallerCheck(vertx, partnerBanks, Set.of(BankOperations.PLATFORM_KEY_PATH),
          bankNonces, window, clock), bankSigner);
      case ADMIN -> {
        OperatorAuth auth = new OperatorAuth(operatorAccounts, audit, config.security().adminUser(),
            config.security().adminPassword());
        yield new ZoneSecurity(auth, null, auth);
      }
      // No government platform is registered as a caller yet: closed until one is (deny by default).
      case INTEROP -> ZoneSecurity.closed();
      case MANAGEMENT -> ZoneSecurity.openPathsOnly(Health.OPEN_PATHS);
    };
  }

  @SafeVarargs
  private static Map<String, Handler<RoutingContext>> merge(Map<String, Handler<RoutingContext>>... parts) {
    Map<String, Handler<RoutingContext>> all = new HashMap<>();
    for (Map<String, Handler<RoutingContext>> part : parts) {
      part.forEach((id, handler) -> {
        if (all.put(id, handler) != null) {
          throw new IllegalStateException("two handlers for operation " + id);
        }
      });
    }
    return all;
  }
}
