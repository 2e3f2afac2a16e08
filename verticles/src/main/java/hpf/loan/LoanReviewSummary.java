package hpf.loan;

import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the reviewers of a loan application see in their queue: the loan, the home, the ceiling and its binding
 * limit, how each source answered, and why the application needs a person's judgement beyond the usual steps (a
 * source isolated or unavailable, an answer that does not bear the application out). Never an ID or card number.
 */
final class LoanReviewSummary {

  private static final Map<String, String> NAMES = DataSources.queries().stream()
      .collect(Collectors.toMap(SourceQuery::dependency, SourceQuery::name));

  private LoanReviewSummary() {}

  /** One line per check that did not pass: whose, which source, and what it said. */
  static List<String> manualReasons(List<LoanCheck> checks) {
    return checks.stream().filter(c -> c.outcome() != LoanCheck.Outcome.PASSED)
        .map(c -> (LoanCheck.BORROWER.equals(c.party()) ? "借款人" : "共同借款人") + "·"
            + NAMES.getOrDefault(c.source(), c.source()) + "：" + c.detail())
        .toList();
  }

  static JsonObject of(LoanApplications.Prepared p) {
    return of(p.request(), p.checks(), p.ceiling());
  }

  static JsonObject of(LoanRequest request, List<LoanCheck> checks, LoanCeiling.Found ceiling) {
    LoanRequest.Terms t = request.terms();
    JsonArray verdicts = new JsonArray();
    checks.forEach(c -> verdicts.add(new JsonObject().put("party", c.party()).put("source", c.source())
        .put("outcome", c.outcome().name()).put("detail", c.detail())));
    return new JsonObject().put("amount", t.amount().toString()).put("termMonths", t.termMonths())
        .put("repaymentMethod", t.method()).put("home", t.home().toJson())
        .put("ceiling", ceiling.amount().toString()).put("bindingLimit", ceiling.bindingLimit())
        .put("coBorrowers", request.coBorrowers().size()).put("channel", request.channel())
        .put("checks", verdicts).put("manualReasons", new JsonArray(manualReasons(checks)));
  }
}
