package org.gridweave.localinfra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes child processes die with this JVM. Every process local infrastructure starts (the broker,
 * devstack's services) is registered here; one JVM shutdown hook sends SIGTERM to those still
 * alive, gives them {@value #GRACE_SECONDS} s together to exit (so Mosquitto can write its
 * persistence file), then sends SIGKILL.
 *
 * <p>Shutdown hooks run on normal exit, {@code System.exit}, SIGINT (Ctrl-C) and SIGTERM. They
 * cannot run when this JVM itself is killed with SIGKILL: then the children survive and the next
 * start on the same port reports the port as taken. Thread-safe.
 */
public final class ChildProcesses {

  static final int GRACE_SECONDS = 10;

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcesses::terminateAll, "local-infra-child-reaper"));
  }

  private ChildProcesses() {}

  /** Registers {@code process} so it is ended when this JVM exits; forgotten once it exits. */
  public static void register(Process process) {
    LIVE.add(process);
    process.onExit().thenRun(() -> LIVE.remove(process));
  }

  /**
   * Waits up to {@code timeout} for {@code process} to exit; whether it has. An interrupt ends the
   * wait early (the flag is kept).
   */
  public static boolean waitForExit(Process process, java.time.Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void terminateAll() {
    List<Process> alive = LIVE.stream().filter(Process::isAlive).toList();
    alive.forEach(Process::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
    for (Process process : alive) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException interrupted) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
