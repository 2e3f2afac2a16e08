package hpf.sandbox;

import io.vertx.core.json.JsonObject;

/**
 * The sandbox local sources' answers (collaboration platform, real estate registry, funeral records, human
 * resources and social security), from {@link SourceFacts} (deterministic).
 */
final class LocalAnswers {

  private LocalAnswers() {}

  /** The answer to one local query, or null when the dependency is not a local one. */
  static JsonObject answer(String dependency, JsonObject query) {
    SourceFacts f = SourceFacts.of(query.getString("idNumber", ""));
    int year = SourceFacts.today().getYear();
    String tail = f.idNumber().substring(Math.max(0, f.idNumber().length() - 6));
    return switch (dependency) {
      case "collab.marriage" -> {
        boolean spouse = !f.maritalStatus().equals("未婚");
        yield new JsonObject().put("status", f.maritalStatus()).put("spouseName", spouse ? "配偶" + tail.substring(4) : null)
            .put("spouseIdNumber", spouse ? "350203********" + tail.substring(2) : null)
            .put("registeredOn", spouse ? f.marriageRegisteredOn().toString() : null);
      }
      case "collab.low_income" -> new JsonObject().put("recipient", f.lowIncome())
          .put("since", f.lowIncome() ? (year - 2) + "-09-01" : null);
      case "collab.unemployment" -> new JsonObject().put("registered", f.unemployed())
          .put("since", f.unemployed() ? (year - 1) + "-11-15" : null);
      case "real_estate.certificates" -> NationalAnswers.items(!f.ownsProperty() ? null : new JsonObject()
          .put("certificateNo", f.propertyCertificateNo())
          .put("address", "厦门市思明区示例路" + f.b() + "号").put("area", "89.50").put("use", "住宅")
          .put("registeredOn", f.propertyRegisteredOn().toString()).put("mortgaged", f.purchaseWithLoan())
          .put("mortgagee", f.purchaseWithLoan() ? "厦门市住房公积金中心" : null));
      // A home being bought (not the one of an outstanding loan) has its purchase and mortgage pre-registered for
      // the center, except for a = 2 (registration not done yet: the loan cannot be paid out).
      case "real_estate.pre_registrations" -> !f.filedPurchase() || f.purchaseWithLoan() || f.a() == 2
          ? NationalAnswers.items(null)
          : new JsonObject().put("items", new io.vertx.core.json.JsonArray()
              .add(new JsonObject().put("registrationNo", "YG" + year + "-" + tail + "-1").put("kind", "PURCHASE")
                  .put("houseContractNo", "HT" + tail).putNull("mortgagee").put("registeredOn", (year - 1) + "-03-08"))
              .add(new JsonObject().put("registrationNo", "YG" + year + "-" + tail + "-2").put("kind", "MORTGAGE")
                  .put("houseContractNo", "HT" + tail).put("mortgagee", "厦门市住房公积金中心")
                  .put("registeredOn", (year - 1) + "-03-08")));
      case "funeral.cremation" -> !f.deceased() ? new JsonObject().put("found", false) : new JsonObject()
          .put("found", true).put("certificateNo", "HH" + tail).put("diedOn", (year - 1) + "-10-02")
          .put("crematedOn", (year - 1) + "-10-05").put("funeralHome", "厦门市殡仪馆");
      case "pension.status" -> new JsonObject()
          .put("insuranceStatus", f.retired() ? "终止参保" : f.unemployed() ? "暂停缴费" : "参保缴费")
          .put("retired", f.retired()).put("retiredOn", f.retired() ? f.retiredOn().toString() : null)
          .put("drawsPension", f.retired() && !f.deceased());
      default -> null;
    };
  }
}
