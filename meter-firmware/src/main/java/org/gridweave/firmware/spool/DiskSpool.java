package org.gridweave.firmware.spool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A durable first-in first-out store of encoded messages, keyed by strictly increasing sequence
 * numbers. It is the meter's only durable copy of a message between signing and the broker's
 * acknowledgement.
 *
 * <p>On disk: append-only segment files {@code segment-<first seq>.log} of records {@code [int
 * length][int crc32c][long seq][payload]}, the CRC covering seq and payload; and a journal {@code
 * acks.log} of acknowledged sequence numbers ({@code [long seq][int crc32c]}). A segment is deleted
 * once all its records are acknowledged and it is no longer written to. After a restart every
 * record whose acknowledgement is not in the journal is pending again: a message may be sent twice
 * (receivers de-duplicate on meter and sequence), never lost. A torn record at the end of a segment
 * (a crash during a write) fails its CRC and is dropped with a log line.
 *
 * <p>With {@code fsync} on (the default) an append returns only after the record is on disk; the
 * acknowledgement journal is never forced, since losing an acknowledgement only causes a resend.
 * Thread-safe.
 */
public final class DiskSpool implements AutoCloseable {
  public static final long DEFAULT_SEGMENT_BYTES = 1 << 20;

  private static final System.Logger LOG = System.getLogger(DiskSpool.class.getName());
  private static final int HEADER = 16;
  private static final int ACK_ENTRY = 12;
  private static final int MAX_RECORD = 16 << 20;
  private static final String SEGMENT_PREFIX = "segment-";
  private static final String SEGMENT_SUFFIX = ".log";

  private final Path dir;
  private final boolean fsync;
  private final long segmentBytes;
  private final TreeMap<Long, Location> pending = new TreeMap<>();
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final TreeSet<Long> acknowledgedInLiveSegments = new TreeSet<>();
  private FileChannel ackJournal;
  private long ackJournalEntries;
  private Segment active;
  private FileChannel activeChannel;
  private long lastSequence = -1;
  private boolean closed;

  private record Location(Segment segment, long offset, int length) {}

  private static final class Segment {
    final Path path;
    final long firstSequence;
    long lastSequence;
    long size;
    int pendingCount;

    Segment(Path path, long firstSequence) {
      this.path = path;
      this.firstSequence = firstSequence;
      this.lastSequence = firstSequence;
    }
  }

  private DiskSpool(Path dir, boolean fsync, long segmentBytes) {
    this.dir = dir;
    this.fsync = fsync;
    this.segmentBytes = segmentBytes;
  }

  /** Opens (or creates) the spool in {@code dir} with fsync on and 1 MiB segments. */
  public static DiskSpool open(Path dir) {
    return open(dir, true, DEFAULT_SEGMENT_BYTES);
  }

  public static DiskSpool open(Path dir, boolean fsync, long segmentBytes) {
    if (segmentBytes < HEADER + 1) {
      throw new IllegalArgumentException("segment size must be at least 17 bytes");
    }
    DiskSpool spool = new DiskSpool(dir, fsync, segmentBytes);
    try {
      Files.createDirectories(dir);
      spool.recover();
    } catch (IOException e) {
      throw new SpoolCorruptException("cannot open spool in " + dir + ": " + e.getMessage(), e);
    }
    return spool;
  }

  private void recover() throws IOException {
    Set<Long> acked = readAckJournal();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(SEGMENT_PREFIX) && n.endsWith(SEGMENT_SUFFIX);
                  })
              .sorted()
              .toList();
    }
    for (Path file : files) {
      scanSegment(file, acked);
    }
    for (Segment s : List.copyOf(segments.values())) {
      if (s.pendingCount == 0) {
        deleteSegment(s);
      }
    }
    for (long seq : acked) {
      if (segmentOf(seq) != null) {
        acknowledgedInLiveSegments.add(seq);
      }
    }
    rewriteAckJournal();
  }

  private void scanSegment(Path file, Set<Long> acked) throws IOException {
    Segment segment = null;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (offset < size) {
        String problem = null;
        int length = 0;
        long seq = -1;
        if (size - offset < HEADER) {
          problem = "an incomplete record header";
        } else {
          header.clear();
          readFully(ch, header, offset);
          header.flip();
          length = header.getInt();
          int crc = header.getInt();
          seq = header.getLong();
          if (length < 0 || length > MAX_RECORD || size - offset - HEADER < length) {
            problem = "a record cut short";
          } else {
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(ch, payload, offset + HEADER);
            if (crc(seq, payload.array()) != crc) {
              problem = "a record failing its CRC";
            } else if (seq <= lastSequence) {
              problem = "a record out of sequence order (" + seq + " after " + lastSequence + ")";
            }
          }
        }
        if (problem != null) {
          LOG.log(
              Level.WARNING,
              "spool segment {0} ends with {1} at byte {2} (crash during a write?); dropping {3}"
                  + " trailing bytes",
              file,
              problem,
              offset,
              size - offset);
          ch.truncate(offset);
          break;
        }
        if (segment == null) {
          segment = new Segment(file, seq);
          segments.put(seq, segment);
        }
        segment.lastSequence = seq;
        lastSequence = seq;
        if (!acked.contains(seq)) {
          pending.put(seq, new Location(segment, offset + HEADER, length));
          segment.pendingCount++;
        }
        offset += HEADER + length;
        segment.size = offset;
      }
    }
    if (segment == null) {
      Files.deleteIfExists(file);
    }
  }

  private Set<Long> readAckJournal() throws IOException {
    Set<Long> acked = new HashSet<>();
    Path file = dir.resolve("acks.log");
    if (!Files.exists(file)) {
      return acked;
    }
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
    while (all.remaining() >= ACK_ENTRY) {
      long seq = all.getLong();
      int crc = all.getInt();
      if (crc(seq, new byte[0]) != crc) {
        LOG.log(
            Level.WARNING, "spool ack journal {0} has a damaged entry; ignoring the rest", file);
        break;
      }
      acked.add(seq);
    }
    return acked;
  }

  private void rewriteAckJournal() throws IOException {
    Path file = dir.resolve("acks.log");
    Path tmp = dir.resolve("acks.log.tmp");
    ByteBuffer buf = ByteBuffer.allocate(ACK_ENTRY * acknowledgedInLiveSegments.size());
    for (long seq : acknowledgedInLiveSegments) {
      buf.putLong(seq).putInt(crc(seq, new byte[0]));
    }
    buf.flip();
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (ackJournal != null) {
      ackJournal.close();
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ackJournal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    ackJournalEntries = acknowledgedInLiveSegments.size();
  }

  /**
   * Appends a message. Sequence numbers must increase strictly across the spool's whole life,
   * including restarts.
   *
   * @throws IllegalArgumentException if {@code sequence} is not above every earlier one
   */
  public synchronized void append(long sequence, byte[] payload) {
    requireOpen();
    if (sequence <= lastSequence) {
      throw new IllegalArgumentException(
          "sequence " + sequence + " is not above the last appended " + lastSequence);
    }
    if (payload.length > MAX_RECORD) {
      throw new IllegalArgumentException("a spooled message has at most " + MAX_RECORD + " bytes");
    }
    try {
      if (active == null || active.size >= segmentBytes) {
        roll(sequence);
      }
      ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
      buf.putInt(payload.length).putInt(crc(sequence, payload)).putLong(sequence).put(payload);
      buf.flip();
      long offset = active.size;
      long position = offset;
      while (buf.hasRemaining()) {
        position += activeChannel.write(buf, position);
      }
      if (fsync) {
        activeChannel.force(false);
      }
      active.size = offset + HEADER + payload.length;
      active.lastSequence = sequence;
      active.pendingCount++;
      pending.put(sequence, new Location(active, offset + HEADER, payload.length));
      lastSequence = sequence;
    } catch (IOException e) {
      throw new SpoolCorruptException("cannot append to spool in " + dir, e);
    }
  }

  private void roll(long firstSequence) throws IOException {
    Segment previous = active;
    if (activeChannel != null) {
      activeChannel.close();
    }
    Path file =
        dir.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, firstSequence, SEGMENT_SUFFIX));
    activeChannel =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    active = new Segment(file, firstSequence);
    segments.put(firstSequence, active);
    if (previous != null && previous.pendingCount == 0) {
      deleteSegment(previous);
    }
  }

  /** Every pending message, in sequence order. */
  public List<SpooledMessage> pending() {
    return pending(Integer.MAX_VALUE, seq -> true);
  }

  /**
   * Up to {@code max} pending messages accepted by {@code include}, in sequence order. The payloads
   * are read from disk.
   */
  public synchronized List<SpooledMessage> pending(int max, LongPredicate include) {
    requireOpen();
    List<SpooledMessage> out = new ArrayList<>();
    for (Map.Entry<Long, Location> e : pending.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      if (include.test(e.getKey())) {
        out.add(new SpooledMessage(e.getKey(), read(e.getValue())));
      }
    }
    return out;
  }

  private byte[] read(Location loc) {
    ByteBuffer buf = ByteBuffer.allocate(loc.length());
    try {
      if (loc.segment() == active) {
        readFully(activeChannel, buf, loc.offset());
      } else {
        try (FileChannel ch = FileChannel.open(loc.segment().path, StandardOpenOption.READ)) {
          readFully(ch, buf, loc.offset());
        }
      }
    } catch (IOException e) {
      throw new SpoolCorruptException("cannot read spool segment " + loc.segment().path, e);
    }
    return buf.array();
  }

  /**
   * Marks a message as delivered; unknown or already acknowledged numbers, and calls after {@link
   * #close()}, are ignored. Deletes the segment once all its records are acknowledged (unless it is
   * still being written).
   */
  public synchronized void acknowledge(long sequence) {
    if (closed) {
      // a late broker acknowledgement after shutdown: the message is simply sent again
      return;
    }
    Location loc = pending.remove(sequence);
    if (loc == null) {
      return;
    }
    Segment segment = loc.segment();
    segment.pendingCount--;
    try {
      if (segment.pendingCount == 0 && segment != active) {
        deleteSegment(segment);
      } else {
        acknowledgedInLiveSegments.add(sequence);
        ByteBuffer entry = ByteBuffer.allocate(ACK_ENTRY);
        entry.putLong(sequence).putInt(crc(sequence, new byte[0])).flip();
        while (entry.hasRemaining()) {
          ackJournal.write(entry);
        }
        ackJournalEntries++;
      }
      if (ackJournalEntries > 2L * acknowledgedInLiveSegments.size() + 4096) {
        rewriteAckJournal();
      }
    } catch (IOException e) {
      throw new SpoolCorruptException("cannot record acknowledgement in " + dir, e);
    }
  }

  private void deleteSegment(Segment segment) throws IOException {
    segments.remove(segment.firstSequence);
    acknowledgedInLiveSegments
        .subSet(segment.firstSequence, true, segment.lastSequence, true)
        .clear();
    Files.deleteIfExists(segment.path);
  }

  private Segment segmentOf(long seq) {
    Map.Entry<Long, Segment> e = segments.floorEntry(seq);
    return e != null && e.getValue().lastSequence >= seq ? e.getValue() : null;
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  public synchronized boolean isPending(long sequence) {
    return pending.containsKey(sequence);
  }

  /** The highest sequence number ever appended and still known on disk, or -1. */
  public synchronized long lastSequence() {
    return lastSequence;
  }

  /** Number of segment files on disk; for tests and diagnostics. */
  public synchronized int segmentCount() {
    return segments.size();
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (activeChannel != null) {
        activeChannel.force(false);
        activeChannel.close();
      }
      if (ackJournal != null) {
        ackJournal.close();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing spool in {0} failed: {1}", dir, e.getMessage());
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("spool in " + dir + " is closed");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static int crc(long seq, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(0, seq));
    crc.update(payload);
    return (int) crc.getValue();
  }
}
