package org.gridweave.firmware.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands out a meter's message sequence numbers so that none is ever used twice, also across crashes
 * and restarts. Numbers are reserved in blocks: the file {@code sequence} holds the first number
 * not yet reserved and is written (and forced to disk) before any number of a block is handed out.
 * A crash therefore skips the rest of the block (a gap, never a repeat); {@link #close()} records
 * the exact next number, so a clean restart leaves no gap. Not thread-safe.
 */
public final class SequenceStore implements AutoCloseable {
  public static final int DEFAULT_BLOCK = 100;

  private final Path file;
  private final int block;
  private long next;
  private long reservedUntil;

  private SequenceStore(Path file, int block, long next) {
    this.file = file;
    this.block = block;
    this.next = next;
    this.reservedUntil = next;
  }

  public static SequenceStore open(Path stateDir) {
    return open(stateDir, DEFAULT_BLOCK);
  }

  public static SequenceStore open(Path stateDir, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("sequence block must be at least 1, was " + block);
    }
    Path file = stateDir.resolve("sequence");
    long next = 0;
    if (Files.exists(file)) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      try {
        next = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            file + " must hold the next sequence number, holds '" + text + "'");
      }
      if (next < 0) {
        throw new IllegalStateException(file + " holds a negative sequence number " + next);
      }
    }
    return new SequenceStore(file, block, next);
  }

  /** The next sequence number; persisted before it is returned. */
  public long next() {
    if (next >= reservedUntil) {
      reservedUntil = next + block;
      persist(reservedUntil);
    }
    return next++;
  }

  /** The number {@link #next()} will return, without reserving it. */
  public long peek() {
    return next;
  }

  private void persist(long value) {
    AtomicFile.write(file, true, w -> w.write(value + "\n"));
  }

  @Override
  public void close() {
    if (reservedUntil != next) {
      persist(next);
      reservedUntil = next;
    }
  }
}
