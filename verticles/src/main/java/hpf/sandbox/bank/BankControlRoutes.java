package hpf.sandbox.bank;

import hpf.kit.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The testers' control of the sandbox banks:
 * <ul>
 *   <li>{@code GET /sandbox/banks}: the banks, their BDC ports, JSON paths and behaviours;</li>
 *   <li>{@code GET|PUT|DELETE /sandbox/banks/{bankCode}/behaviour}: see, set ({@link BankBehaviour}) or reset to
 *   healthy;</li>
 *   <li>{@code GET /sandbox/banks/{bankCode}/books}: balances, every single transaction by serial (with how many
 *   requests came for it and how many times it was booked, never more than once), batches;</li>
 *   <li>{@code POST /sandbox/banks/{bankCode}/incoming {payerAccountNo, payerName, amount, summary}}: money arriving
 *   on the center's account (an employer's remittance), booked and pushed as an ACCOUNT_CHANGE notice;</li>
 *   <li>{@code GET /sandbox/banks/{bankCode}/notices}: the last notices pushed, newest first.</li>
 * </ul>
 */
final class BankControlRoutes {

  private final SandboxBank sandbox;

  BankControlRoutes(SandboxBank sandbox) {
    this.sandbox = sandbox;
  }

  void mount(Router router) {
    router.get("/sandbox/banks").handler(this::list);
    router.get("/sandbox/banks/:bankCode/behaviour").handler(ctx -> withBank(ctx, bank ->
        ctx.json(bank.behaviour().toJson())));
    router.put("/sandbox/banks/:bankCode/behaviour").handler(ctx -> withBank(ctx, bank -> {
      BankBehaviour behaviour;
      try {
        behaviour = BankBehaviour.from(ctx.body().asJsonObject());
      } catch (RuntimeException e) {
        ctx.response().setStatusCode(400).end(new JsonObject().put("error", e.getMessage()).encode());
        return;
      }
      sandbox.behave(bank, behaviour).onComplete(done -> ctx.json(new JsonObject().put("bankCode", bank.bankCode())
          .put("behaviour", behaviour.toJson()).put("bdcPort", sandbox.port(bank.bankCode()))));
    }));
    router.delete("/sandbox/banks/:bankCode/behaviour").handler(ctx -> withBank(ctx, bank ->
        sandbox.behave(bank, BankBehaviour.HEALTHY).onComplete(done -> ctx.response().setStatusCode(204).end())));
    router.get("/sandbox/banks/:bankCode/books").handler(ctx -> withBank(ctx, bank -> ctx.json(bank.toJson())));
    router.post("/sandbox/banks/:bankCode/incoming").handler(ctx -> withBank(ctx, bank -> incoming(ctx, bank)));
    router.get("/sandbox/banks/:bankCode/notices").handler(ctx -> withBank(ctx, bank -> {
      JsonArray items = new JsonArray();
      sandbox.recentNotices(bank.bankCode()).forEach(n -> items.add(n.toJson()));
      ctx.json(new JsonObject().put("items", items));
    }));
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    sandbox.banks().values().forEach(bank -> items.add(new JsonObject().put("bankCode", bank.bankCode())
        .put("bdcPort", sandbox.port(bank.bankCode())).put("jsonPath", SandboxBank.jsonBasePath(bank.bankCode()))
        .put("centerAccountNo", bank.books().centerAccountNo()).put("behaviour", bank.behaviour().toJson())));
    ctx.json(new JsonObject().put("items", items));
  }

  private void incoming(RoutingContext ctx, SimulatedBank bank) {
    JsonObject body;
    Money amount;
    try {
      body = ctx.body().asJsonObject();
      amount = Money.parse(body.getString("amount"));
      if (!amount.isPositive() || body.getString("payerAccountNo", "").isEmpty()) {
        throw new IllegalArgumentException("positive");
      }
    } catch (RuntimeException e) {
      ctx.response().setStatusCode(400).end(new JsonObject()
          .put("error", "payerAccountNo, payerName, amount (yuan, positive) and summary are expected").encode());
      return;
    }
    String center = bank.books().centerAccountNo();
    BankBooks.Booking booking = bank.books().move(bank.today(), null, body.getString("payerAccountNo"),
        body.getString("payerName"), center, SandboxBank.CENTER_NAME, amount, body.getString("summary"));
    if (!booking.booked()) {
      ctx.response().setStatusCode(409).end(new JsonObject().put("returnCode", booking.rejectCode()).encode());
      return;
    }
    JsonObject notice = new JsonObject().put("AcctNo", center).put("DcFlag", "C").put("Amt", amount.toString())
        .put("OppAcctNo", body.getString("payerAccountNo")).put("OppAcctName", body.getString("payerName", ""))
        .put("Summary", body.getString("summary", "")).put("HostSeqNo", booking.hostSeqNo())
        .put("TxDate", bank.today().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE))
        .put("Balance", bank.books().balance(center).toString());
    bank.push("ACCOUNT_CHANGE", notice);
    ctx.response().setStatusCode(201);
    ctx.json(notice);
  }

  private void withBank(RoutingContext ctx, java.util.function.Consumer<SimulatedBank> action) {
    SimulatedBank bank = sandbox.bank(ctx.pathParam("bankCode"));
    if (bank == null) {
      ctx.response().setStatusCode(404).end(new JsonObject().put("error", "unknown bank").encode());
      return;
    }
    action.accept(bank);
  }
}
