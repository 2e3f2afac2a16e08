package hpf.boot;

import hpf.crypto.Sm2Keys;
import hpf.kit.StartupException;
import hpf.sandbox.SandboxRun;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.BankEndpointText;
import hpf.settlement.PartnerBanks;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One gateway per partner bank: the configured endpoints ({@code HPF_BANK_ENDPOINTS}; a JSON bank's answers are
 * verified with the key it is registered with), else in the sandbox run its banks, 102 over BDC and 105 over JSON,
 * so both protocols carry real traffic; plus the endpoints operators registered for banks the configuration does
 * not name.
 */
final class BankGateways {

  private final Vertx vertx;
  private final HpfConfig config;
  private final PartnerBanks partnerBanks;
  private final SandboxRun sandbox;
  private final Duration connectTimeout;
  private final Clock clock;

  BankGateways(Vertx vertx, HpfConfig config, PartnerBanks partnerBanks, SandboxRun sandbox, Duration connectTimeout,
               Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.partnerBanks = partnerBanks;
    this.sandbox = sandbox;
    this.connectTimeout = connectTimeout;
    this.clock = clock;
  }

  Future<Map<String, BankGateway>> resolve() {
    return partnerBanks.registeredEndpoints().compose(this::resolve);
  }

  private Future<Map<String, BankGateway>> resolve(List<PartnerBanks.Endpoint> registered) {
    Sm2Keys.Private key = config.security().platformKeys().current();
    String node = config.banks().centerNode();
    Duration timeout = config.banks().timeout();
    Map<String, HpfConfig.BankEndpoint> endpoints = new TreeMap<>(config.banks().endpoints());
    if (endpoints.isEmpty() && sandbox.enabled()) {
      endpoints.put("102", new HpfConfig.BankEndpoint("102", "bdc", "127.0.0.1", sandbox.bank().port("102"), null));
      endpoints.put("105", new HpfConfig.BankEndpoint("105", "json", null, 0,
          "http://127.0.0.1:" + sandbox.port() + SandboxBank.jsonBasePath("105")));
    }
    for (PartnerBanks.Endpoint r : registered) {
      String[] hostPort = "bdc".equals(r.protocol()) ? BankEndpointText.split(r.endpoint()) : null;
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
              connectTimeout, key), clock))
          : partnerBanks.find(endpoint.bankCode()).compose(bank -> bank == null
              ? Future.failedFuture(new StartupException("HPF_BANK_ENDPOINTS: bank " + endpoint.bankCode()
                  + " is not a registered partner bank", null))
              : Future.succeededFuture(new JsonBankClient(vertx, link, new JsonBankClient.Endpoint(endpoint.url(),
                  connectTimeout, key, bank.publicKey()), clock))));
    }
    return Future.all(gateways).map(all -> {
      Map<String, BankGateway> byBank = new HashMap<>();
      gateways.forEach(g -> byBank.put(g.result().bankCode(), g.result()));
      return Map.copyOf(byBank);
    });
  }
}
