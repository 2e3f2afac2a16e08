package hpf.review;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the room that owns a business item asks the review room for: a case for this item of this applicant.
 *
 * @param manualReasons why the item needs a person (e.g. "数据源暂停服务：婚姻登记"); may be empty
 * @param summary       what the reviewers see of the item (no ID or card numbers: masked values only)
 */
public record ReviewRequest(String businessType, String businessId, String applicantPersonId,
                            List<String> manualReasons, JsonObject summary) {

  public ReviewRequest {
    manualReasons = manualReasons == null ? List.of() : List.copyOf(manualReasons);
    summary = summary == null ? new JsonObject() : summary;
  }
}
