package org.paceline.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real PostgreSQL 15 instances in a temp dir on loopback ports, run as the {@code postgres} user:
 * one primary made with initdb (wal_log_hints=on for pg_rewind, trust auth on 127.0.0.1) and
 * standbys cloned with pg_basebackup. Close() stops every instance and deletes the directory.
 */
final class PgLab implements AutoCloseable {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  final Path dir;
  final int basePort;
  private final List<Path> instances = new ArrayList<>();

  PgLab() throws Exception {
    dir = Files.createTempDirectory("pglab");
    basePort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
    NetnsPair.sh("chown", "postgres:postgres", dir.toString());
    NetnsPair.sh("chmod", "755", dir.toString());
  }

  static boolean available() {
    return Files.isExecutable(BIN.resolve("postgres"))
        && ProcessHandle.current().info().user().orElse("").equals("root");
  }

  Path pgdata(String name) {
    return dir.resolve(name);
  }

  int port(int i) {
    return basePort + i;
  }

  NetnsPair.Out asPostgres(String... argv) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(argv));
    return NetnsPair.sh(full.toArray(String[]::new));
  }

  /** initdb + start a primary on port(0); extra lines go to postgresql.conf. */
  Path primary(String name, String... conf) throws Exception {
    Path d = pgdata(name);
    check(asPostgres(BIN + "/initdb", "-A", "trust", "-D", d.toString()));
    instances.add(d);
    List<String> lines =
        new ArrayList<>(
            List.of(
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'",
                "wal_log_hints = on",
                // pg_rewind reads the target's WAL back to the last common checkpoint.
                "wal_keep_size = 256MB",
                "max_wal_senders = 10",
                "wal_level = replica",
                "fsync = off"));
    lines.addAll(List.of(conf));
    Files.write(d.resolve("postgresql.conf"), lines, java.nio.file.StandardOpenOption.APPEND);
    check(
        asPostgres(
            BIN + "/pg_ctl",
            "-D",
            d.toString(),
            "-l",
            d + "/pg_ctl.log",
            "-w",
            "-o",
            "-p " + port(0),
            "start"));
    return d;
  }

  /** pg_basebackup -R of the primary into a new pgdata (not started). */
  Path cloneOf(int primaryPort, String name) throws Exception {
    Path d = pgdata(name);
    check(
        asPostgres(
            BIN + "/pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            "" + primaryPort,
            "-U",
            "postgres",
            "-D",
            d.toString(),
            "-R",
            "-X",
            "stream"));
    instances.add(d);
    return d;
  }

  /** SIGKILL the postmaster (a crash, no shutdown checkpoint). */
  void crash(Path pgdata) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      handle.get().destroyForcibly();
      try {
        handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("postmaster " + pid + " did not die", e);
      }
    }
  }

  private static void check(NetnsPair.Out r) throws IOException {
    if (r.exit() != 0) {
      throw new IOException(r.out());
    }
  }

  @Override
  public void close() throws Exception {
    for (Path d : instances) {
      if (Files.exists(d.resolve("postmaster.pid"))) {
        asPostgres(BIN + "/pg_ctl", "-D", d.toString(), "-m", "immediate", "-w", "stop");
      }
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
