package hpf.load;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.http.client.Request;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The public listener's protocol with every request signed as the virtual user's channel app (session attribute
 * {@code app}) and, when the user holds one, its session token (attribute {@code token}). Signed at send time, so
 * each request carries a fresh timestamp and nonce, as a real client's must. Requests elsewhere (the admin
 * listener, the sandbox, /metrics) and those of a user without an app go unsigned.
 */
final class Signing {

  private Signing() {}

  static HttpProtocolBuilder publicProtocol() {
    return http.baseUrl(Target.publicUrl())
        .acceptHeader("application/json")
        .shareConnections() // channels' gateways keep pooled connections; 100 users do not mean 100 sockets
        .sign(Signing::sign);
  }

  private static Request sign(Request request, Session session) {
    if (!session.contains("app") || !request.getUri().toUrl().startsWith(Target.publicUrl())) {
      return request;
    }
    ChannelApp app = ChannelApp.byAppId(session.getString("app"));
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    app.signatureHeaders(request.getMethod().name(), request.getUri().getPath(), request.getUri().getQuery(), body)
        .forEach((name, value) -> request.getHeaders().set(name, value));
    if (session.contains("token")) {
      request.getHeaders().set("Authorization", "Bearer " + session.getString("token"));
    }
    return request;
  }
}
