package hpf.boot;

import com.hazelcast.core.HazelcastInstance;
import hpf.account.AccountRoom;
import hpf.account.Certificates;
import hpf.apps.ChannelAppAdmin;
import hpf.apps.ChannelAppOnboarding;
import hpf.apps.ChannelApps;
import hpf.audit.AuditAdmin;
import hpf.audit.ChainAdmin;
import hpf.catalogue.ServiceCatalogue;
import hpf.channel.BankOperations;
import hpf.channel.NonceRegistry;
import hpf.channel.OperatorAuth;
import hpf.channel.ResponseSigner;
import hpf.channel.SignedCallerCheck;
import hpf.channel.Zone;
import hpf.channel.ZoneSecurity;
import hpf.identity.Identity;
import hpf.identity.Kit;
import hpf.identity.OperatorAccounts;
import hpf.isolation.DependencyAdmin;
import hpf.isolation.DependencyGuard;
import hpf.keys.FieldKeyAdmin;
import hpf.kit.OperationMaps;
import hpf.ledger.LedgerAdmin;
import hpf.ledger.Reconciliation;
import hpf.loan.LoanRoom;
import hpf.loan.terms.LoanTerms;
import hpf.policy.PolicyAdmin;
import hpf.calendar.BusinessCalendar;
import hpf.review.ReviewRoom;
import hpf.settlement.SettlementRoom;
import hpf.sources.SourcesRoom;
import hpf.traffic.TrafficAdmin;
import hpf.traffic.TrafficControl;
import hpf.traffic.ZoneTraffic;
import hpf.withdrawal.WithdrawalRoom;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Routing by zone: which room answers which of a zone's operations, who checks its callers, its traffic control. */
final class ZoneRouting {

  /** What the zones are served by: the kit, the rooms' front doors and the platform's own admin parts. */
  record Parts(Vertx vertx, Kit kit, BusinessCalendar calendar, Health health, Supplier<SystemInfo.Facts> facts, ChannelApps channelApps,
               Identity identity, OperatorAccounts operators, SourcesRoom sources, ReviewRoom review,
               AccountRoom account, WithdrawalRoom withdrawal, LoanRoom loan, SettlementRoom settlement,
               TrafficControl traffic, DependencyGuard guard, FieldKeyAdmin fieldKeys, ChainAdmin chainAdmin,
               AuditAdmin auditAdmin, LoanTerms loanTerms) {
  }

  private final Parts parts;
  private final SecurityConfig security;
  private final NonceRegistry nonces;
  private final NonceRegistry bankNonces;
  private final ResponseSigner bankSigner;

  ZoneRouting(Parts parts, SecurityConfig security, HazelcastInstance hazelcast) {
    this.parts = parts;
    this.security = security;
    Vertx vertx = parts.vertx();
    this.nonces = new NonceRegistry(vertx, hazelcast.getMap(NonceRegistry.MAP),
        hazelcast.getMap(NonceRegistry.MEMORY_MAP), security.signatureWindow(), parts.kit().clock());
    this.bankNonces = new NonceRegistry(vertx, hazelcast.getMap("hpf.bank.nonces"),
        hazelcast.getMap(NonceRegistry.MEMORY_MAP), security.signatureWindow(), parts.kit().clock());
    this.bankSigner = new ResponseSigner(vertx, security.platformKeys());
  }

  Parts parts() {
    return parts;
  }

  Map<String, Handler<RoutingContext>> handlers(Zone zone) {
    Kit kit = parts.kit();
    return switch (zone) {
      case PUBLIC -> OperationMaps.merge(new ServiceCatalogue(kit.pool()).operations(),
          parts.identity().operations(), parts.account().publicOperations(),
          parts.settlement().publicOperations(), parts.withdrawal().publicOperations(),
          parts.sources().publicOperations(), parts.review().publicOperations(), parts.loan().publicOperations(),
          parts.loanTerms().publicOperations());
      case BANK -> OperationMaps.merge(new BankOperations(bankSigner).operations(),
          parts.settlement().bankOperations(bankSigner, parts.account().incomingMoney()));
      case INTEROP -> Map.of();
      case ADMIN -> OperationMaps.merge(new SystemInfo(parts.facts(), kit.audit()).operations(),
          parts.operators().operations(),
          new ChannelAppAdmin(parts.channelApps(), kit.audit(), kit.idempotency()).operations(),
          new ChannelAppOnboarding(kit.pool(), parts.channelApps(), kit.audit(), kit.idempotency()).operations(),
          parts.identity().staffAdminOperations(kit.idempotency()),
          parts.settlement().adminOperations(),
          new PolicyAdmin(kit.pool(), kit.audit(), kit.idempotency(), kit.clock()).operations(),
          parts.calendar().adminOperations(),
          parts.withdrawal().adminOperations(),
          parts.review().adminOperations(),
          parts.loan().adminOperations(),
          parts.account().adminOperations(),
          parts.auditAdmin().operations(),
          new LedgerAdmin(new Reconciliation(kit.pool())).operations(),
          parts.fieldKeys().operations(),
          parts.chainAdmin().operations(),
          new DependencyAdmin(parts.guard()).operations(),
          new TrafficAdmin(parts.traffic(), kit.audit(), kit.idempotency()).operations());
      case MANAGEMENT -> parts.health().operations();
    };
  }

  /** The zone's traffic control: channel rate limits and quotas on the public listener only. */
  ZoneTraffic traffic(Zone zone) {
    return zone == Zone.PUBLIC ? parts.traffic() : ZoneTraffic.NONE;
  }

  /** Who checks each zone's callers and who signs its answers (management: its probes and scrapes only). */
  ZoneSecurity security(Zone zone) {
    Vertx vertx = parts.vertx();
    return switch (zone) {
      case PUBLIC -> new ZoneSecurity(new SignedCallerCheck(vertx, SignedCallerCheck.channelApps(parts.channelApps()),
          Set.of(Certificates.VERIFICATION_PATH), nonces, security.signatureWindow(), parts.kit().clock()), null);
      case BANK -> new ZoneSecurity(new SignedCallerCheck(vertx, parts.settlement().partnerBanks(),
          Set.of(BankOperations.PLATFORM_KEY_PATH), bankNonces, security.signatureWindow(), parts.kit().clock()),
          bankSigner);
      case ADMIN -> {
        OperatorAuth auth = new OperatorAuth(parts.operators(), parts.kit().audit(), security.adminUser(),
            security.adminPassword());
        yield new ZoneSecurity(auth, null, auth);
      }
      // No government platform is registered as a caller yet: closed until one is (deny by default).
      case INTEROP -> ZoneSecurity.closed();
      case MANAGEMENT -> ZoneSecurity.openPathsOnly(Health.OPEN_PATHS);
    };
  }
}
