package org.gridweave.devstack.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A stand-in service for {@link ServiceProcessTest}: serves {@code GET /health} with 200 on {@code
 * 127.0.0.1:${fake.port}}, or exits at once with {@code ${fake.exitCode}} when that is set. Prints
 * {@code graceful shutdown} from a shutdown hook, which runs on SIGTERM but not SIGKILL. JDK
 * classes only and no nested classes, so {@link FakeServiceJar} can ship this one class.
 */
public final class FakeService implements HttpHandler, Runnable {

  public static void main(String[] args) throws IOException {
    String exitCode = System.getProperty("fake.exitCode");
    if (exitCode != null) {
      System.out.println("fake service refuses to start");
      System.exit(Integer.parseInt(exitCode));
    }
    int port = Integer.parseInt(System.getProperty("fake.port"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    FakeService service = new FakeService();
    server.createContext("/health", service);
    Runtime.getRuntime().addShutdownHook(new Thread(service));
    server.start();
    System.out.println("fake service listening on " + port + " with -Xmx " + maxHeapMiB());
  }

  private static long maxHeapMiB() {
    return Runtime.getRuntime().maxMemory() / (1024 * 1024);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  @Override
  public void run() {
    System.out.println("graceful shutdown");
  }
}
