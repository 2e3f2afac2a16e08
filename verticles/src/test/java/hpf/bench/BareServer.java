package hpf.bench;

import hpf.boot.EmbeddedDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The bare limit of bench/channel.sh: Vert.x 5 and vertx-pg-client with nothing of the platform, one route {@code GET
 * /rows/{id}} answering one prepared primary-key SELECT on a table of {@code rows} rows in an embedded PostgreSQL of
 * its own (the platform's library and settings, so commits and caches are alike). Usage: {@code BareServer port rows
 * dataDir [poolSize]}; prints "bare server ready" once it listens, stops its database on SIGTERM.
 */
public final class BareServer {

  private static final String SELECT = "SELECT id, payload FROM bench_row WHERE id = $1";

  private BareServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int rows = Integer.parseInt(args[1]);
    Path dataDir = Path.of(args[2]);
    int poolSize = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // stopping anyway: the database below must not outlive the process
      }
      db.close();
    }));
    // The same pool as the platform's (hpf.boot.Database): one per process, its size HPF_DB_POOL_SIZE's default.
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(db.port())
            .setDatabase(EmbeddedDatabase.DATABASE).setUser(EmbeddedDatabase.USER).setPassword(db.password())
            .setCachePreparedStatements(true))
        .using(vertx)
        .build();
    fill(pool, rows).await(10, TimeUnit.MINUTES);
    int instances = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new Server(pool, port, rows), new DeploymentOptions().setInstances(instances))
        .await(30, TimeUnit.SECONDS);
    System.out.println("bare server ready on port " + port + ": " + rows + " rows, " + instances
        + " event loops, pool " + poolSize);
  }

  /** Creates and fills the table once; a data directory kept from an earlier run is used as it is. */
  private static Future<Void> fill(Pool pool, int rows) {
    return pool.query("CREATE TABLE IF NOT EXISTS bench_row (id integer PRIMARY KEY, payload text NOT NULL)").execute()
        .compose(v -> pool.query("SELECT count(*) FROM bench_row").execute())
        .compose(count -> count.iterator().next().getLong(0) == rows ? Future.succeededFuture()
            : pool.query("TRUNCATE bench_row").execute()
                .compose(v -> pool.query("INSERT INTO bench_row SELECT g, md5(g::text) FROM generate_series(1, "
                    + rows + ") g").execute())
                .compose(v -> pool.query("VACUUM ANALYZE bench_row").execute()))
        .mapEmpty();
  }

  /** One event loop's HTTP server; every instance listens on the same port (Vert.x balances connections). */
  private static final class Server extends VerticleBase {
    private final Pool pool;
    private final int port;
    private final int rows;

    Server(Pool pool, int port, int rows) {
      this.pool = pool;
      this.port = port;
      this.rows = rows;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.get("/rows/:id").handler(ctx -> {
        int id;
        try {
          id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
          ctx.response().setStatusCode(400).end();
          return;
        }
        if (id < 1 || id > rows) {
          ctx.response().setStatusCode(404).end();
          return;
        }
        pool.preparedQuery(SELECT).execute(Tuple.of(id)).onComplete(ar -> {
          if (ar.failed()) {
            ctx.response().setStatusCode(500).end();
            return;
          }
          Row row = ar.result().iterator().next();
          ctx.json(new JsonObject().put("id", row.getInteger("id")).put("payload", row.getString("payload")));
        });
      });
      return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }
  }
}
