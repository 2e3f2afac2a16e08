package hpf.loan.terms;

import hpf.account.MemberStanding;
import hpf.crypto.FieldCipher;
import hpf.identity.Kit;
import hpf.identity.PersonFacts;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** The front door of the loan terms: the products and the calculator's operations on the public listener. */
public final class LoanTerms {

  private final Kit kit;
  private final FieldCipher fields;

  public LoanTerms(Kit kit, FieldCipher fields) {
    this.kit = kit;
    this.fields = fields;
  }

  /**
   * calculateLoan and listLoanProducts (any signed app, no session) and getMyLoanCeiling (the member's own data).
   */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    Map<String, Handler<RoutingContext>> operations = new HashMap<>(
        new LoanCalculator(kit, new MemberStanding(kit.clock()), new PersonFacts(fields)).operations());
    operations.put("listLoanProducts", new LoanProducts(kit)::list);
    return Map.copyOf(operations);
  }
}
