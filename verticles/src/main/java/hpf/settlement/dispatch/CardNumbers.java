package hpf.settlement.dispatch;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** A member's card number in clear, from the room that keeps the cards (hpf.account), for the bank message only. */
@FunctionalInterface
public interface CardNumbers {
  Future<String> number(SqlClient sql, long cardId);
}
