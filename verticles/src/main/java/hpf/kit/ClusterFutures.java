package hpf.kit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast's answers as Vert.x futures completed on the caller's context. A Hazelcast future runs the callbacks
 * of its plain {@code whenComplete} on its default async executor, which is the common ForkJoinPool only when that pool
 * has a parallelism above 1; on one or two cores (a 2-CPU pod included) it starts a new thread per callback. The
 * callback here is handed straight to the context's event loop instead: no thread is started and no pool is involved.
 */
public final class ClusterFutures {

  private ClusterFutures() {}

  /** The stage's outcome, delivered on {@code context}. */
  public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync((value, error) -> {
      if (error == null) {
        promise.complete(value);
      } else {
        promise.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      }
    }, on(context));
    return promise.future();
  }

  /** An executor that runs each task on the context's event loop (for {@code whenCompleteAsync} and the like). */
  public static Executor on(Context context) {
    return task -> context.runOnContext(v -> task.run());
  }
}
