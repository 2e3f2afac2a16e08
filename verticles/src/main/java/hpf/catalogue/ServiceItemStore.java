package hpf.catalogue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code service_item} table: filtered pages and single items. Owns its SQL. */
final class ServiceItemStore {

  /** One page of a filtered list and the number of items matching the filter. */
  record Page(List<ServiceItem> items, long total) {}

  /** Filters left null match everything. */
  record Filter(String category, String channel, Boolean crossProvince, Boolean fullyOnline) {}

  private static final String COLUMNS =
      "code, name, category, cross_province, fully_online, channels, materials, description, operations";
  private static final String WHERE = """
       WHERE ($1::text IS NULL OR category = $1)
         AND ($2::text IS NULL OR $2 = ANY (channels))
         AND ($3::boolean IS NULL OR cross_province = $3)
         AND ($4::boolean IS NULL OR fully_online = $4)""";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM service_item " + WHERE
      + " ORDER BY sort_order LIMIT $5 OFFSET $6";
  private static final String COUNT = "SELECT count(*) AS total FROM service_item " + WHERE;
  private static final String ONE = "SELECT " + COLUMNS + " FROM service_item WHERE code = $1";

  private final Pool pool;

  ServiceItemStore(Pool pool) {
    this.pool = pool;
  }

  Future<Page> page(Filter filter, int page, int size) {
    Tuple where = Tuple.of(filter.category(), filter.channel(), filter.crossProvince(), filter.fullyOnline());
    Tuple paged = Tuple.of(filter.category(), filter.channel(), filter.crossProvince(), filter.fullyOnline(),
        size, (long) (page - 1) * size);
    Future<List<ServiceItem>> items = pool.preparedQuery(PAGE).execute(paged).map(rows -> {
      List<ServiceItem> list = new ArrayList<>(rows.size());
      rows.forEach(row -> list.add(toItem(row)));
      return list;
    });
    Future<Long> total = pool.preparedQuery(COUNT).execute(where).map(rows -> rows.iterator().next().getLong("total"));
    return Future.all(items, total).map(done -> new Page(items.result(), total.result()));
  }

  Future<ServiceItem> find(String code) {
    return pool.preparedQuery(ONE).execute(Tuple.of(code))
        .map(rows -> rows.size() == 0 ? null : toItem(rows.iterator().next()));
  }

  private static ServiceItem toItem(Row row) {
    return new ServiceItem(row.getString("code"), row.getString("name"), row.getString("category"),
        row.getBoolean("cross_province"), row.getBoolean("fully_online"),
        Arrays.asList(row.getArrayOfStrings("channels")), (JsonArray) row.getJson("materials"),
        row.getString("description"), Arrays.asList(row.getArrayOfStrings("operations")));
  }
}
