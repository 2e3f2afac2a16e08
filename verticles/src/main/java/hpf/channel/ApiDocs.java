package hpf.channel;

import hpf.kit.BuildInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves a listener's bundled contract at {@code /openapi.yaml} and Swagger UI for it at {@code /docs}, with the
 * listener's {@link DocsAid} when it has one (the sandbox's public listener).
 */
final class ApiDocs {

  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";

  private ApiDocs() {}

  static void mount(Router router, Contracts.Bundled bundled, DocsAid aid) {
    Buffer yaml = Buffer.buffer(bundled.yaml());
    Buffer page = Buffer.buffer(page(bundled.zone(), aid));
    router.get("/openapi.yaml").handler(ctx -> {
      RequestTracking.recordOperation(ctx, "contract");
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(yaml);
    });
    router.get("/docs").handler(ctx -> {
      RequestTracking.recordOperation(ctx, "docs");
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
    });
    if (aid != null) {
      router.post(aid.path()).handler(ctx -> {
        RequestTracking.recordOperation(ctx, "docs");
        ctx.next();
      }).handler(aid.handler());
    }
    StaticHandler assets = StaticHandler.create(SWAGGER_UI + BuildInfo.current().swaggerUiVersion())
        .setCachingEnabled(true).setDirectoryListing(false);
    router.get("/docs/*").handler(ctx -> {
      RequestTracking.recordOperation(ctx, "docs");
      ctx.next();
    }).handler(assets);
  }

  private static String page(Zone zone, DocsAid aid) {
    String interceptor = aid == null ? "" : ", requestInterceptor: window.hpfRequestInterceptor";
    return """
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <title>HPF %s API</title>
          <link rel="stylesheet" href="/docs/swagger-ui.css">
        </head>
        <body>
          %s<div id="swagger-ui"></div>
          <script src="/docs/swagger-ui-bundle.js"></script>
          <script>window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui'%s });</script>
        </body>
        </html>
        """.formatted(zone.label(), aid == null ? "" : aid.script(), interceptor);
  }
}
