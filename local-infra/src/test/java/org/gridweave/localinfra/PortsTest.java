package org.gridweave.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void freePortCanBeBoundOnLoopback() throws IOException {
    int port = Ports.free();

    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void acceptingTellsAListeningPortFromAFreeOne() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));

      assertThat(Ports.accepting(socket.getLocalPort())).isTrue();
    }
    assertThat(Ports.accepting(Ports.free())).isFalse();
  }
}
