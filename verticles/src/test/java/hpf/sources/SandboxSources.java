package hpf.sources;

import hpf.identity.Identifiers;
import hpf.sandbox.DataSourceRoutes;
import hpf.sandbox.SandboxServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A sandbox server of its own on a free loopback port (real HTTP, no database), and clients pointed at it. */
final class SandboxSources implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final WebClient web = WebClient.create(vertx);
  private final AtomicInteger port = new AtomicInteger();

  SandboxSources() {
    await(vertx.deployVerticle(new SandboxServer(0, port::set)));
  }

  String base() {
    return "http://127.0.0.1:" + port.get();
  }

  Supplier<String> family(String family) {
    return () -> base() + DataSourceRoutes.FAMILY_PATHS.get(family);
  }

  DataSources clients(Duration timeout) {
    return DataSources.create(web, new DataSources.BaseUrls(family("national"), family("collab"),
        family("real_estate"), family("funeral"), family("pension"), family("elicense")), timeout);
  }

  /** Puts a fault spec (the control API answers 200) for a dependency or family. */
  HttpResponse<Buffer> fault(String dependency, JsonObject spec) {
    return await(web.requestAbs(HttpMethod.PUT, base() + "/sandbox/faults/" + dependency).sendJsonObject(spec));
  }

  void clearFaults() {
    await(web.requestAbs(HttpMethod.DELETE, base() + "/sandbox/faults").send());
  }

  JsonObject faults() {
    return await(web.getAbs(base() + "/sandbox/faults").send()).bodyAsJsonObject();
  }

  /** A valid ID number born on {@code birth} (yyyyMMdd) whose sequence digits a and b pick the sandbox's answers. */
  static String person(String birth, int a, int b) {
    String first17 = "350203" + birth + a + b + "1";
    return first17 + Identifiers.idCheckCharacter(first17);
  }

  static String person(int a, int b) {
    return person("19900615", a, b);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
