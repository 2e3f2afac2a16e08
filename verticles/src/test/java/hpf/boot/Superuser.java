package hpf.boot;

import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * A database superuser's connection to the shared test platform's embedded database (the owner migrations ran as):
 * for tests that act as an attacker with full database rights, or must go around the append-only guards.
 */
public final class Superuser {

  private static Pool pool;

  private Superuser() {}

  public static synchronized Pool pool() {
    if (pool == null) {
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2).setName("hpf-test-superuser"))
          .connectingTo(TestPlatform.app().database().connectOptions()).using(TestPlatform.app().vertx()).build();
    }
    return pool;
  }
}
