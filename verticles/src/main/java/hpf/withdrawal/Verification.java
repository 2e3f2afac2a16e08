package hpf.withdrawal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The seam to the government data sources (hpf.withdrawal.DataSourceVerification implements it behind the consent
 * check, the evidence log and the isolation guard): for an application, what each source the reason needs says. A source that is
 * isolated, not connected or not consented answers UNAVAILABLE, which sends the application to review rather
 * than failing it.
 */
public interface Verification {

  enum Outcome { PASSED, FAILED, UNAVAILABLE }

  /** One source's verdict and the reason a reviewer reads. */
  record Check(String source, Outcome outcome, String detail) {}

  /** Who and what is verified: the person, the reason code, the sources to ask and the declared details. */
  record Subject(String personId, String reason, List<String> sources, JsonObject details) {}

  Future<List<Check>> verify(Subject subject);
}
