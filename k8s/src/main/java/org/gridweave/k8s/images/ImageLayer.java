package org.gridweave.k8s.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One layer of a container image: directories, files and symbolic links under absolute paths,
 * written as a tar stream in path order with a fixed modification time, so the same input gives the
 * same bytes (and the same digest). Parent directories are added as {@code 0755 root}.
 */
public final class ImageLayer {
  /** 2000-01-01T00:00:00Z: a fixed time for every entry (reproducible digests). */
  static final long MODIFIED_MILLIS = 946_684_800_000L;

  private enum Kind {
    DIRECTORY,
    FILE,
    BYTES,
    SYMLINK
  }

  private record Entry(
      Kind kind, int mode, int uid, int gid, Path source, byte[] bytes, String link) {}

  private final String name;
  private final Map<String, Entry> entries = new TreeMap<>();

  public ImageLayer(String name) {
    this.name = name;
  }

  /** What the layer holds, for the image's history. */
  public String name() {
    return name;
  }

  public ImageLayer directory(String path, int mode, int uid, int gid) {
    return put(path, new Entry(Kind.DIRECTORY, mode, uid, gid, null, null, null));
  }

  /** A copy of a regular file of this machine (symbolic links followed). */
  public ImageLayer file(String path, Path source, int mode) {
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException(source + " is not a regular file");
    }
    return put(path, new Entry(Kind.FILE, mode, 0, 0, source, null, null));
  }

  public ImageLayer bytes(String path, byte[] content, int mode) {
    return put(path, new Entry(Kind.BYTES, mode, 0, 0, null, content.clone(), null));
  }

  public ImageLayer symlink(String path, String target) {
    return put(path, new Entry(Kind.SYMLINK, 0777, 0, 0, null, null, target));
  }

  /** Every regular file, link and directory below {@code source}, under {@code path}. */
  public ImageLayer tree(String path, Path source) throws IOException {
    try (var walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String relative = source.relativize(p).toString();
        String inImage = relative.isEmpty() ? path : path + "/" + relative;
        if (Files.isSymbolicLink(p)) {
          symlink(inImage, Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p)) {
          directory(inImage, 0755, 0, 0);
        } else {
          file(inImage, p, Files.isExecutable(p) ? 0755 : 0644);
        }
      }
    }
    return this;
  }

  public boolean contains(String path) {
    return entries.containsKey(normalise(path));
  }

  private ImageLayer put(String path, Entry entry) {
    String key = normalise(path);
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      entries.putIfAbsent(
          key.substring(0, slash), new Entry(Kind.DIRECTORY, 0755, 0, 0, null, null, null));
    }
    entries.put(key, entry);
    return this;
  }

  /** "/a/b/" → "a/b"; refuses relative paths and "..". */
  static String normalise(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("image path " + path + " is not absolute");
    }
    String key = path.replaceAll("/+", "/").replaceAll("^/|/$", "");
    if (key.isEmpty() || ("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "image path " + path + " names no file or leaves the root");
    }
    return key;
  }

  /** Writes the layer as an uncompressed tar stream (the stream is not closed). */
  public void writeTar(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      TarArchiveEntry t =
          switch (entry.kind()) {
            case DIRECTORY -> new TarArchiveEntry(e.getKey() + "/", TarConstants.LF_DIR);
            case SYMLINK -> {
              TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK);
              link.setLinkName(entry.link());
              yield link;
            }
            case FILE, BYTES -> new TarArchiveEntry(e.getKey(), TarConstants.LF_NORMAL);
          };
      t.setMode(entry.mode() | modeType(entry.kind()));
      t.setIds(entry.uid(), entry.gid());
      t.setUserName("");
      t.setGroupName("");
      t.setModTime(MODIFIED_MILLIS);
      switch (entry.kind()) {
        case FILE -> {
          t.setSize(Files.size(entry.source()));
          tar.putArchiveEntry(t);
          try (InputStream in = Files.newInputStream(entry.source())) {
            in.transferTo(tar);
          }
        }
        case BYTES -> {
          t.setSize(entry.bytes().length);
          tar.putArchiveEntry(t);
          tar.write(entry.bytes());
        }
        default -> tar.putArchiveEntry(t);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }

  private static int modeType(Kind kind) {
    return switch (kind) {
      case DIRECTORY -> 040000;
      case SYMLINK -> 0120000;
      default -> 0100000;
    };
  }
}
