package hpf.sandbox;

import hpf.sandbox.bank.SandboxBank;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * 挡板: simulated third parties as a real HTTP server on loopback, for the sandbox run and tests.
 * <ul>
 *   <li>{@code /idp} unified identity: {@code POST /idp/tickets {idNumber}} issues a five-minute, single-use
 *   ticket for a seeded person; {@code POST /idp/tickets/{ticket}/redeem} answers who it vouches for (404 for an
 *   unknown ticket, which is what the platform's probe asks).</li>
 *   <li>{@code /sms} SMS gateway: {@code POST /sms/messages {phone, text}} accepts a message;
 *   {@code GET /sms/status} answers without sending anything (the platform's probe);
 *   {@code GET /sms/messages?phone=} shows the last messages sent (sandbox only, for testers).</li>
 *   <li>the government data sources ({@code /national}, {@code /collab}, {@code /real-estate}, {@code /funeral},
 *   {@code /pension}, {@code /elicense}) and the fault injection at {@code /sandbox/faults} (those sources,
 *   {@code identity.provider} and {@code sms.gateway}): {@link DataSourceRoutes}.</li>
 *   <li>the partner banks' JSON variant ({@code /banks/{bankCode}/bdc}) and their control API
 *   ({@code /sandbox/banks}); their BDC listeners have ports of their own: {@link SandboxBank}.</li>
 * </ul>
 * State is kept in this instance's memory.
 */
public final class SandboxServer extends VerticleBase {

  /** The dependency ids of the simulated identity provider and SMS gateway, for fault injection. */
  static final String IDENTITY_PROVIDER = "identity.provider";
  static final String SMS_GATEWAY = "sms.gateway";
  private static final int KEPT_MESSAGES = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Ticket(String idNumber, String name, Instant expires) {}

  private final int port;
  private final IntConsumer bound;
  private final SandboxBank banks;
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
  private final Deque<JsonObject> messages = new ArrayDeque<>();
  private HttpServer server;

  /** Without partner banks (tests of the other third parties). */
  public SandboxServer(int port, IntConsumer bound) {
    this(port, bound, null);
  }

  /** With the partner banks, mounted on this server and started with it ({@code banks} may be null). */
  public SandboxServer(int port, IntConsumer bound, SandboxBank banks) {
    this.port = port;
    this.bound = bound;
    this.banks = banks;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Batch files reach the sandbox banks' JSON variant in the body: the limit is the BDC frame's.
    router.route().handler(BodyHandler.create(false).setBodyLimit(hpf.settlement.bdc.BdcFrame.MAX_PAYLOAD_BYTES));
    // The platform's calls to the identity provider and the SMS gateway take injected faults like the data
    // sources; issuing a ticket (the person's side) and listing messages (the tester's) do not.
    SandboxFaults faults = DataSourceRoutes.mount(vertx, router, Set.of(IDENTITY_PROVIDER, SMS_GATEWAY));
    router.post("/idp/tickets").handler(this::issueTicket);
    router.post("/idp/tickets/:ticket/redeem").handler(ctx -> faults.serve(ctx, IDENTITY_PROVIDER,
        () -> redeemTicket(ctx)));
    router.post("/sms/messages").handler(ctx -> faults.serve(ctx, SMS_GATEWAY, () -> acceptMessage(ctx)));
    router.get("/sms/status").handler(ctx -> faults.serve(ctx, SMS_GATEWAY,
        () -> ctx.json(new JsonObject().put("status", "UP"))));
    router.get("/sms/messages").handler(this::listMessages);
    Future<Void> banksStarted = banks == null ? Future.succeededFuture() : banks.start(vertx, router);
    return banksStarted
        .recover(e -> Future.failedFuture(new IllegalStateException("HPF_SANDBOX_BANK_PORT: the sandbox banks cannot "
            + "listen (" + e.getMessage() + ")", e)))
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")).onSuccess(s -> {
          server = s;
          bound.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return Future.join(banks == null ? Future.succeededFuture() : banks.stop(), server == null ? Future.succeededFuture() : server.close());
  }

  private void issueTicket(RoutingContext ctx) {
    String idNumber = ctx.body().asJsonObject() == null ? null : ctx.body().asJsonObject().getString("idNumber");
    DemoPeople.Person person = DemoPeople.PEOPLE.stream().filter(p -> p.idNumber().equalsIgnoreCase(String.valueOf(idNumber)))
        .findFirst().orElse(null);
    if (person == null) {
      ctx.response().setStatusCode(404).end(new JsonObject().put("error", "unknown person").encode());
      return;
    }
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tickets.put(ticket, new Ticket(person.idNumber(), person.name(), Instant.now().plusSeconds(300)));
    ctx.response().setStatusCode(201);
    ctx.json(new JsonObject().put("ticket", ticket));
  }

  private void redeemTicket(RoutingContext ctx) {
    Ticket ticket = tickets.remove(ctx.pathParam("ticket"));
    if (ticket == null || ticket.expires().isBefore(Instant.now())) {
      ctx.response().setStatusCode(404).end(new JsonObject().put("error", "unknown ticket").encode());
      return;
    }
    ctx.json(new JsonObject().put("idNumber", ticket.idNumber()).put("name", ticket.name()));
  }

  private void acceptMessage(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null || body.getString("phone") == null || body.getString("text") == null) {
      ctx.response().setStatusCode(400).end();
      return;
    }
    synchronized (messages) {
      messages.addFirst(body.copy().put("sentAt", Instant.now().toString()));
      while (messages.size() > KEPT_MESSAGES) {
        messages.removeLast();
      }
    }
    ctx.response().setStatusCode(202).end();
  }

  private void listMessages(RoutingContext ctx) {
    String phone = ctx.queryParams().get("phone");
    JsonArray items = new JsonArray();
    synchronized (messages) {
      messages.stream().filter(m -> phone == null || phone.equals(m.getString("phone"))).forEach(items::add);
    }
    ctx.json(new JsonObject().put("items", items));
  }
}
