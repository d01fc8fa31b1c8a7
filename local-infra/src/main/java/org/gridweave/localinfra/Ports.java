package org.gridweave.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback TCP ports for local infrastructure: the dev stack and the services' tests. */
public final class Ports {

  /** {@code 127.0.0.1}: all local infrastructure binds here, never to a wider address. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final int CONNECT_TIMEOUT_MILLIS = 250;

  private Ports() {}

  /**
   * A TCP port on {@code 127.0.0.1} that was free a moment ago. The port is released before this
   * returns, so another process may take it first: callers bind it soon, and a component that finds
   * its port taken fails with a clear message rather than talking to a stranger.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether something accepts TCP connections on {@code 127.0.0.1:port} right now. */
  public static boolean accepting(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
