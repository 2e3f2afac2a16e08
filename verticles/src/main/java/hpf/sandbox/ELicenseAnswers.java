package hpf.sandbox;

import hpf.crypto.Sm3;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox e-license platform (电子证照共享平台), from {@link SourceFacts} so that it agrees with the other
 * sources about the same person: a marriage certificate for the married (registered on the collaboration
 * platform's date), a household register for the living whose household is in the city, the real estate registry's certificate for owners, and a
 * disability certificate (残疾人证, number CJ + ID number + 4 + grade 1–4 by {@code a}) for the disabled.
 */
final class ELicenseAnswers {

  private ELicenseAnswers() {}

  /** The answer to one e-license query, or null when the dependency is not one. */
  static JsonObject answer(String dependency, JsonObject query) {
    SourceFacts f = SourceFacts.of(query.getString("idNumber", ""));
    String holder = f.name(null);
    return switch (dependency) {
      case "elicense.marriage_certificate" -> NationalAnswers.items(!f.maritalStatus().equals("已婚") ? null
          : licence("J350203-" + f.marriageRegisteredOn().getYear() + "-" + f.tail(), holder, "厦门市思明区民政局",
              f.marriageRegisteredOn().toString()));
      case "elicense.household_register" -> NationalAnswers.items(f.deceased() || f.movedOut() ? null
          : licence("HK" + f.idNumber().substring(0, Math.min(6, f.idNumber().length())) + f.tail(), holder,
              "厦门市公安局思明分局", f.birthDate().toString()));
      case "elicense.property_certificate" -> NationalAnswers.items(!f.ownsProperty() ? null
          : licence(f.propertyCertificateNo(), holder, "厦门市不动产登记中心", f.propertyRegisteredOn().toString()));
      case "elicense.disability_certificate" -> NationalAnswers.items(!f.disabled() ? null
          : licence("CJ" + f.idNumber().substring(0, Math.min(18, f.idNumber().length())) + "4" + (f.a() % 4 + 1), holder,
              "厦门市残疾人联合会", (SourceFacts.today().getYear() - 1) + "-06-18"));
      default -> null;
    };
  }

  /** A licence with the digest of its (notional) licence file: SM3 over number, holder and issue date. */
  private static JsonObject licence(String licenceNo, String holder, String issuer, String issuedOn) {
    return new JsonObject().put("licenceNo", licenceNo).put("holderName", holder).put("issuer", issuer)
        .put("issuedOn", issuedOn).put("fileDigest", Sm3.digestHex(licenceNo + "|" + holder + "|" + issuedOn));
  }
}
