package dev.meshgate.benchmarks.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process tree's resource use from {@code /proc}: CPU time (user + system) and resident memory,
 * summed over the process and its descendants (nginx's workers, for example).
 */
final class Proc {
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on Linux. */
  private static final long TICKS = 100;

  private Proc() {}

  static List<Long> tree(long root) {
    List<Long> pids = new ArrayList<>(List.of(root));
    boolean grew = true;
    while (grew) {
      grew = false;
      try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : proc) {
          long pid = Long.parseLong(p.getFileName().toString());
          if (pids.contains(pid)) {
            continue;
          }
          long[] stat = stat(pid);
          if (stat != null && pids.contains(stat[0])) {
            pids.add(pid);
            grew = true;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("/proc cannot be listed", e);
      }
    }
    return pids;
  }

  /** {@code [ppid, utime + stime]} in ticks, or null when the process is gone. */
  private static long[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** CPU time of the tree, in milliseconds. */
  static long cpuMillis(long root) {
    long ticks = 0;
    for (long pid : tree(root)) {
      long[] stat = stat(pid);
      ticks += stat == null ? 0 : stat[1];
    }
    return ticks * 1000 / TICKS;
  }

  /** A {@code /proc/<pid>/status} field in kB (VmRSS, VmHWM), summed over the tree, in bytes. */
  static long memory(long root, String field) {
    long kb = 0;
    for (long pid : tree(root)) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith(field + ":")) {
            kb += Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
          }
        }
      } catch (IOException e) {
        // gone
      }
    }
    return kb * 1024;
  }
}
