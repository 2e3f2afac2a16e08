package hpf.boot;

import hpf.account.AccountRoom;
import hpf.apps.ChannelApps;
import hpf.audit.AuditAdmin;
import hpf.audit.AuditChainCheck;
import hpf.audit.AuditLog;
import hpf.audit.AuditQuery;
import hpf.audit.ChainAdmin;
import hpf.audit.ChainAnchors;
import hpf.audit.ChainKeys;
import hpf.crypto.FieldCipher;
import hpf.dataset.DemoDataset;
import hpf.identity.Identity;
import hpf.identity.IdentityProviderClient;
import hpf.identity.Kit;
import hpf.identity.LoginSubjects;
import hpf.identity.OperatorAccounts;
import hpf.identity.Operators;
import hpf.identity.Sessions;
import hpf.identity.SmsGatewayClient;
import hpf.isolation.DependencyGuard;
import hpf.keys.FieldKeyAdmin;
import hpf.keys.FieldKeyRotation;
import hpf.kit.EncryptedColumn;
import hpf.kit.Idempotency;
import hpf.loan.LoanRoom;
import hpf.loan.terms.LoanTerms;
import hpf.review.ReviewRoom;
import hpf.sandbox.SandboxRun;
import hpf.settlement.SettlementRoom;
import hpf.settlement.dispatch.SettlementRuntime;
import hpf.settlement.dispatch.SettlementTuning;
import hpf.sources.DataSources;
import hpf.sources.SourcesRoom;
import hpf.traffic.TrafficControl;
import hpf.withdrawal.WithdrawalRoom;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import hpf.calendar.BusinessCalendar;
import hpf.kit.BusinessClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The composition root: builds the kit and the rooms' front doors from the configuration, and nothing else. */
final class Wiring {

  private final HpfConfig config;
  private final Vertx vertx;
  private final Pool pool;
  private final Database.Target database;
  /** The clock every room reads: real instants (UTC) and the business date, through BusinessTime. */
  private final BusinessClock clock = new BusinessClock(Clock.systemUTC());
  /** Owns the business date; the sandbox may move it ahead of the calendar. */
  private final BusinessCalendar calendar;
  private final FieldCipher fields;
  private final AuditLog audit;
  private final ChannelApps channelApps;
  /** Every outbound dependency's guard: timeout, concurrency cap, detection, cluster-wide isolation and probing. */
  private final DependencyGuard dependencies;
  private final Identity identity;
  private final OperatorAccounts operatorAccounts;
  /** Signed checkpoints of the audit and evidence chains, anchored outside the database. */
  private final ChainAnchors chainAnchors;
  private final TrafficControl traffic;
  private final SandboxRun sandbox;
  private final SourcesRoom sources;
  /** Review flows as data: the rooms that own business items open their cases through it. */
  private final ReviewRoom review;
  private final AccountRoom account;
  private final WithdrawalRoom withdrawal;
  private final LoanRoom loan;
  private final SettlementRoom settlement;
  private final ZoneRouting routing;

  Wiring(HpfConfig config, Vertx vertx, Pool pool, Database.Target database, HazelcastClusterManager cluster,
         Health health, Supplier<SystemInfo.Facts> facts, MeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    SecurityConfig security = config.security();
    this.fields = new FieldCipher(security.fieldKeys(), security.blindIndexKey());
    this.channelApps = new ChannelApps(vertx, pool, fields);
    ChainKeys chainKeys = new ChainKeys(security.chains().keys());
    this.audit = new AuditLog(pool, chainKeys, clock);
    this.calendar = new BusinessCalendar(vertx, pool, clock, config.sandbox(), audit, new Idempotency(pool));
    this.dependencies = new DependencyGuard(vertx, cluster.getHazelcastInstance(), pool, audit, registry, clock,
        config.dependencyTuning(), 1000);
    this.sandbox = new SandboxRun(vertx, config.sandbox(), config.thirdParties().sandboxPort(),
        config.banks().sandboxBankPort(), security.platformKeys().current().publicKey(), clock);
    WebClient http = WebClient.create(vertx);
    var identityProvider = new IdentityProviderClient(http,
        sandbox.url(config.thirdParties().identityProviderUrl(), "/idp"), dependencies);
    var smsGateway = new SmsGatewayClient(http, sandbox.url(config.thirdParties().smsGatewayUrl(), "/sms"),
        dependencies);
    this.identity = new Identity(vertx, pool, fields, audit, cluster.getHazelcastInstance().getMap(Sessions.REVOKED_MAP),
        new Identity.Settings(security.tokenKeys(), security.accessTokenLifetime(), security.refreshTokenLifetime(),
            security.loginMaxFailures(), security.loginLock(), identityProvider, smsGateway), registry, clock);
    Kit kit = new Kit(pool, identity.auth(), new Idempotency(pool), audit, clock);
    this.operatorAccounts = new OperatorAccounts(vertx, pool, fields, audit, config.operators(), clock,
        security.adminUser(), registry);
    this.sources = new SourcesRoom(vertx, kit, fields, security.platformKeys(), chainKeys, dependencies,
        dataSources(config.thirdParties().dataSources()));
    this.review = new ReviewRoom(kit, fields, smsGateway, registry);
    this.account = new AccountRoom(vertx, kit, fields, security.platformKeys(), sources,
        config.thirdParties().centerNo());
    this.withdrawal = new WithdrawalRoom(kit, fields, sources, smsGateway);
    this.loan = new LoanRoom(vertx, kit, fields, security.platformKeys(), sources, review.reviews(), smsGateway, registry);
    this.settlement = new SettlementRoom(kit, fields, dependencies, registry, SettlementOutcomes.all(clock, registry),
        AccountRoom.receivedReferences(), "node-" + cluster.getNodeId());
    AuditChainCheck auditChain = new AuditChainCheck(vertx, pool, chainKeys);
    this.chainAnchors = new ChainAnchors(vertx, pool, security.platformKeys(), config.dataDir(),
        List.of(auditChain.walk(), sources.chainCheck().walk()), security.chains().checkpointRecords(),
        security.chains().checkpointInterval(), registry);
    this.traffic = new TrafficControl(vertx, cluster.getHazelcastInstance(), pool, channelApps, config.channelPolicies(),
        registry, clock, member -> fields.blindIndex("traffic.member", member), config.unverifiedTraffic());
    this.routing = new ZoneRouting(new ZoneRouting.Parts(vertx, kit, calendar, health, facts, channelApps, identity,
        operatorAccounts, sources, review, account, withdrawal, loan, settlement, traffic, dependencies,
        new FieldKeyAdmin(vertx, new FieldKeyRotation(pool, fields, encryptedColumns()), audit, registry),
        new ChainAdmin(auditChain, sources.chainCheck(), chainAnchors, audit, registry),
        new AuditAdmin(new AuditQuery(pool)), new LoanTerms(kit, fields)), security, cluster.getHazelcastInstance());
  }

  /** The government data source clients: the configured URLs, else the sandbox's servers. */
  private DataSources dataSources(HpfConfig.DataSourceUrls urls) {
    return DataSources.create(WebClient.create(vertx), new DataSources.BaseUrls(
        sandbox.dataSourceUrl(urls.national(), "national"),
        sandbox.dataSourceUrl(urls.collaboration(), "collab"),
        sandbox.dataSourceUrl(urls.realEstate(), "real_estate"),
        sandbox.dataSourceUrl(urls.funeral(), "funeral"),
        sandbox.dataSourceUrl(urls.pension(), "pension"),
        sandbox.dataSourceUrl(urls.elicense(), "elicense")), urls.timeout());
  }

  /** Every column that holds encrypted fields, declared by the room that owns it. */
  private static List<EncryptedColumn> encryptedColumns() {
    List<EncryptedColumn> all = new ArrayList<>(LoginSubjects.encryptedColumns());
    all.add(ChannelApps.encryptedColumn());
    all.add(ChannelApps.previousSecretColumn());
    all.add(Operators.encryptedColumn());
    all.addAll(AccountRoom.encryptedColumns());
    all.addAll(SettlementRoom.encryptedColumns());
    all.addAll(WithdrawalRoom.encryptedColumns());
    all.addAll(LoanRoom.encryptedColumns());
    all.addAll(SourcesRoom.encryptedColumns());
    return all;
  }

  /** State to restore and, in the sandbox run, third parties and demo data, before the first request. */
  Future<Void> prepare() {
    Future<Void> registered = sources.registerDependencies().compose(v -> identity.registerDependencies(dependencies));
    withdrawal.schedule(vertx);
    review.start(vertx);
    loan.schedule(vertx);
    return registered
        .compose(v -> calendar.start())
        .compose(v -> sandbox.prepare(pool, fields, channelApps, settlement.partnerBanks(), operatorAccounts))
        .compose(v -> identity.restore())
        .compose(v -> traffic.start())
        .compose(v -> chainAnchors.start())
        .onSuccess(v -> settlement.startJobs(vertx, config.banks().batchWindow()));
  }

  /** The settlement runtime verticle (HPF_SETTLEMENT_DISPATCH), or null when this instance does not dispatch. */
  SettlementRuntime settlementRuntime() {
    if (!config.banks().dispatch()) {
      return null;
    }
    SettlementTuning tuning = SettlementTuning.of(config.banks().timeout(), config.banks().batchWindow(),
        config.banks().batchRows());
    BankGateways gateways = new BankGateways(vertx, config, settlement.partnerBanks(), sandbox,
        tuning.connectTimeout(), clock);
    return settlement.runtime(gateways::resolve, tuning, account.cardNumbers());
  }

  /** The sandbox's demo data set on the first start of an empty database (HPF_DEMO_DATASET); after {@link #prepare}. */
  Future<Void> demoData() {
    return !config.demoDataset() ? Future.succeededFuture() : DemoDataset.ensure(vertx, pool,
        new DemoDataset.Jdbc(database.jdbcUrl(), database.user(), database.password()), fields,
        config.security().platformKeys(), audit, clock)
        .onSuccess(sandbox::demoGenerated).mapEmpty();
  }

  /** Who answers each zone; its parts are what tests and tools reach through {@link HpfApplication}. */
  ZoneRouting routing() {
    return routing;
  }

  SandboxRun sandbox() {
    return sandbox;
  }
}
