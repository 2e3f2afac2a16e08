package hpf.settlement.inbound;

import hpf.kit.Money;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * Operators read what the banks pushed (newest first), above all the notices kept for them ({@code flagged}: a
 * result that contradicts our books, a wrong amount, an instruction we do not know): what was said, what it matched
 * and why it was set aside. Payers are shown masked; nothing here changes anything.
 */
public final class NoticeAdmin {

  private final Pool pool;

  public NoticeAdmin(Pool pool) {
    this.pool = pool;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("listBankNotices", this::list);
  }

  private void list(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    String bank = text(query.get("bank"));
    String kind = text(query.get("kind"));
    Boolean flagged = query.get("flagged") == null || query.get("flagged").isNull() ? null
        : query.get("flagged").getBoolean();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 50 : query.get("size").getInteger();
    pool.preparedQuery("""
            SELECT notice_seq, bank_code, notice_id, kind, host_seq_no, credit, payer_name, payer_masked, amount,
                   value_date, summary, serial_no, result, return_code, outcome, matched_ref, flagged, detail,
                   received_at, count(*) OVER () AS total
              FROM bank_notice
             WHERE ($1::text IS NULL OR bank_code = $1) AND ($2::text IS NULL OR kind = $2)
               AND ($3::boolean IS NULL OR flagged = $3)
             ORDER BY notice_seq DESC LIMIT $4 OFFSET $5""")
        .execute(Tuple.of(bank, kind, flagged, size, (page - 1) * size))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            items.add(toJson(row));
            total = row.getLong("total");
          }
          ctx.json(new JsonObject().put("page", page).put("size", size).put("total", total).put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("noticeSeq", row.getLong("notice_seq")).put("bankCode", row.getString("bank_code"))
        .put("noticeId", row.getString("notice_id")).put("kind", row.getString("kind"))
        .put("hostSeqNo", row.getString("host_seq_no")).put("credit", row.getBoolean("credit"))
        .put("payerName", row.getString("payer_name")).put("payerAccount", row.getString("payer_masked"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("valueDate", row.getLocalDate("value_date") == null ? null : row.getLocalDate("value_date").toString())
        .put("summary", row.getString("summary")).put("serialNo", row.getString("serial_no"))
        .put("result", row.getString("result")).put("returnCode", row.getString("return_code"))
        .put("outcome", row.getString("outcome")).put("matchedRef", row.getString("matched_ref"))
        .put("flagged", row.getBoolean("flagged")).put("detail", row.getString("detail"))
        .put("receivedAt", row.getOffsetDateTime("received_at").toInstant().toString());
  }

  private static String text(RequestParameter parameter) {
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }
}
