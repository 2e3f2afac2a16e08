package hpf.loan;

import hpf.account.BankCards;
import hpf.kit.Money;
import hpf.kit.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loan application as asked: who borrows (and with whom), the home, the loan's terms and the repayment card,
 * through which app and kind of channel, by whom. Read from the request body after the contract's validation; the
 * rules the schema cannot state are checked here ({@link #invalid}).
 */
record LoanRequest(String personId, Terms terms, List<String> coBorrowers, String appId, String channel, String actor) {

  /**
   * The home: contract number as filed (网签备案合同号), price, floor area, NEW or SECOND_HAND, home ordinal, and
   * whether it is a shared-ownership home (共有产权住房, whose first-home ceiling may float up by policy).
   */
  record Home(String contractNo, Money price, BigDecimal area, String kind, int ordinal, boolean sharedOwnership) {
    JsonObject toJson() {
      return new JsonObject().put("contractNo", contractNo).put("price", price.toString())
          .put("area", area.toPlainString()).put("kind", kind).put("homeOrdinal", ordinal)
          .put("sharedOwnership", sharedOwnership);
    }
  }

  /** What a resubmission may correct: the home, the amount, the term, the method and the card. */
  record Terms(Home home, Money amount, int termMonths, String method, String bankCode, String cardNumber) {

    static Terms from(JsonObject body) {
      JsonObject home = body.getJsonObject("home");
      JsonObject card = body.getJsonObject("repaymentCard");
      return new Terms(new Home(home.getString("contractNo").toUpperCase(Locale.ROOT),
          Money.parse(home.getString("price")), new BigDecimal(home.getString("area")), home.getString("kind"),
          home.getInteger("homeOrdinal"), home.getBoolean("sharedOwnership", false)), Money.parse(body.getString("amount")), body.getInteger("termMonths"),
          body.getString("repaymentMethod"), card.getString("bankCode"), card.getString("cardNumber"));
    }

    /** The refusal of terms the schema lets through but the business does not, or null. */
    Problem invalid() {
      if (!amount.isPositive() || !home.price().isPositive() || home.area().signum() <= 0
          || termMonths < 12 || termMonths > 360) {
        return LoanProblems.TERMS_INVALID;
      }
      return BankCards.isCardNumber(cardNumber) ? null : LoanProblems.CARD_INVALID;
    }

    /** The declared facts the data sources are asked to bear out (never the card). */
    JsonObject declared() {
      return home.toJson().put("amount", amount.toString()).put("termMonths", termMonths)
          .put("repaymentMethod", method);
    }
  }

  static LoanRequest from(String personId, JsonObject body, String appId, String channel, String actor) {
    List<String> coBorrowers = new ArrayList<>();
    JsonArray listed = body.getJsonArray("coBorrowers", new JsonArray());
    listed.forEach(c -> coBorrowers.add(((JsonObject) c).getString("personId")));
    return new LoanRequest(personId, Terms.from(body), List.copyOf(coBorrowers), appId, channel, actor);
  }

  /** The same application with corrected terms (a resubmission after a return). */
  LoanRequest withTerms(Terms corrected) {
    return new LoanRequest(personId, corrected, coBorrowers, appId, channel, actor);
  }

  Problem invalid() {
    Problem terms = terms().invalid();
    if (terms != null) {
      return terms;
    }
    if (coBorrowers.contains(personId) || coBorrowers.stream().distinct().count() != coBorrowers.size()) {
      return LoanProblems.CO_BORROWER_INVALID;
    }
    return null;
  }
}
