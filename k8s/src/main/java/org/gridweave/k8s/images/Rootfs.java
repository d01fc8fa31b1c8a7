package org.gridweave.k8s.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks image layers, in order, into a folder (a root file system to {@code chroot} into): files,
 * folders, symbolic and hard links with their permission bits; OCI whiteouts ({@code .wh.NAME})
 * delete what a lower layer put there. Owners are not changed. An entry that would land outside the
 * folder is refused.
 */
public final class Rootfs {
  private Rootfs() {}

  /** Unpacks one layer (gzip or plain tar) into {@code root}. */
  public static void unpackLayer(InputStream layer, Path root) throws IOException {
    Path top = root.toAbsolutePath().normalize();
    Files.createDirectories(top);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(DockerArchive.uncompressed(layer))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path target = inside(top, e.getName());
        String fileName = target.getFileName() == null ? "" : target.getFileName().toString();
        if (fileName.equals(".wh..wh..opq")) {
          clear(target.getParent());
          continue;
        }
        if (fileName.startsWith(".wh.")) {
          delete(target.resolveSibling(fileName.substring(4)));
          continue;
        }
        if (target.equals(top)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        if (e.isDirectory()) {
          if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            delete(target);
            Files.createDirectory(target);
          }
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        } else if (e.isSymbolicLink()) {
          delete(target);
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
          delete(target);
          Files.createLink(target, inside(top, e.getLinkName()));
        } else if (e.isFile()) {
          delete(target);
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        }
      }
    }
  }

  private static Path inside(Path top, String name) throws IOException {
    Path target = top.resolve(name.replaceFirst("^/+", "")).normalize();
    if (!target.startsWith(top)) {
      throw new IOException("layer entry " + name + " would be written outside " + top);
    }
    return target;
  }

  private static void delete(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      clear(path);
    }
    Files.deleteIfExists(path);
  }

  private static void clear(Path folder) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var children = Files.list(folder)) {
      for (Path child : children.toList()) {
        delete(child);
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
