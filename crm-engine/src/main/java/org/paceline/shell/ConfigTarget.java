package org.paceline.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibVersion;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.daemon.AdminClient;
import org.paceline.daemon.AdminProtocol;
import org.paceline.membership.NodeConfig;
import org.paceline.status.SnapshotJson;
import org.paceline.status.StatusUnavailableException;

/**
 * Where the shell reads and writes the configuration: the live cluster through the local daemon
 * ({@link Live}), or a CIB file ({@link FileTarget}, for offline editing and tests). Writes are
 * compare-and-set on the epoch read, so an edit based on a stale read is refused, never merged.
 */
sealed interface ConfigTarget permits ConfigTarget.Live, ConfigTarget.FileTarget {

  /** An operating failure reaching or changing the target, with the exit code to use. */
  final class TargetException extends Exception {
    final int exitCode;

    TargetException(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** What a dry run without the DC's status means, appended to the note that says so. */
  String NO_STATUS_CONSEQUENCE = ": the transition below assumes nothing is running";

  /** The current configuration with its version (no status). */
  Cib read() throws TargetException;

  /**
   * The CIB with the current status to simulate a change against; when none can be had, the
   * configuration alone and a note in {@code notes} saying why.
   */
  Cib statusCib(List<String> notes) throws TargetException;

  /** Replaces the configuration with {@code next}'s if the epoch is still {@code baseEpoch}. */
  String commit(long baseEpoch, Cib next) throws TargetException;

  /** A human name for messages ("the cluster", "FILE"). */
  String name();

  /** The live cluster through the admin socket of the local daemon. */
  record Live(Path socket) implements ConfigTarget {
    Live(NodeConfig node) {
      this(node.adminSocket());
    }

    private String call(String request) throws TargetException {
      String answer;
      try {
        answer = AdminClient.call(socket, request);
      } catch (IOException e) {
        throw new TargetException(
            "cannot reach the paceline daemon at "
                + socket
                + " ("
                + e.getMessage()
                + "); is it running?",
            ExitCodes.UNAVAILABLE);
      }
      int nl = answer.indexOf('\n');
      String first = nl < 0 ? answer : answer.substring(0, nl);
      if (!first.equals(AdminProtocol.OK)) {
        throw new TargetException(
            first.startsWith(AdminProtocol.ERROR)
                ? first.substring(AdminProtocol.ERROR.length())
                : first,
            ExitCodes.UNAVAILABLE);
      }
      return nl < 0 ? "" : answer.substring(nl + 1);
    }

    private static Cib parse(String xml, String what) throws TargetException {
      try {
        return CibXmlReader.read(xml, what).cib();
      } catch (CibFormatException e) {
        throw new TargetException(
            "the daemon answered an unreadable " + what + ": " + e.getMessage(),
            ExitCodes.SOFTWARE);
      }
    }

    @Override
    public Cib read() throws TargetException {
      return parse(call("config"), "configuration");
    }

    /**
     * The cluster status this node holds: the DC's own, or elsewhere the one the DC pushed to every
     * member after its last change ({@code snapshot}); with the configuration read now, since a
     * push may lag a commit by a moment.
     */
    @Override
    public Cib statusCib(List<String> notes) throws TargetException {
      Cib config = read();
      String json;
      try {
        json = call("snapshot");
      } catch (TargetException e) {
        if (e.exitCode == ExitCodes.UNAVAILABLE && !e.getMessage().startsWith("cannot reach")) {
          notes.add("no current status (" + e.getMessage() + ")" + NO_STATUS_CONSEQUENCE);
          return config;
        }
        throw e;
      }
      try {
        Cib status = SnapshotJson.read(json, "the daemon's status").cib();
        return status.withConfiguration(config.configuration());
      } catch (StatusUnavailableException e) {
        throw new TargetException(
            "the daemon answered an unreadable status: " + e.getMessage(), ExitCodes.SOFTWARE);
      }
    }

    @Override
    public String commit(long baseEpoch, Cib next) throws TargetException {
      String xml = CibXmlWriter.write(next.withStatus(List.of()));
      return call(
          "load-if "
              + baseEpoch
              + " "
              + Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
      return "the cluster";
    }
  }

  /** A CIB file (XML or YAML); its status section, if any, is the status simulated against. */
  record FileTarget(Path file) implements ConfigTarget {
    private Cib readWithStatus() throws TargetException {
      try {
        return CibFiles.read(file).cib();
      } catch (CibFormatException e) {
        throw new TargetException(
            e.getMessage(),
            Files.isRegularFile(file) ? ExitCodes.INVALID_INPUT : ExitCodes.NO_INPUT);
      }
    }

    @Override
    public Cib read() throws TargetException {
      return readWithStatus();
    }

    @Override
    public Cib statusCib(List<String> notes) throws TargetException {
      return readWithStatus();
    }

    @Override
    public String commit(long baseEpoch, Cib next) throws TargetException {
      Cib now = readWithStatus();
      if (now.version().epoch() != baseEpoch) {
        throw new TargetException(
            file
                + " changed meanwhile (epoch "
                + now.version().epoch()
                + ", read "
                + baseEpoch
                + ")",
            ExitCodes.UNAVAILABLE);
      }
      CibVersion v = now.version().nextEpoch();
      Cib written =
          new Cib(
              v,
              next.validateWith(),
              now.haveQuorum(),
              now.dcUuid(),
              now.executionDate(),
              now.otherAttributes(),
              next.configuration(),
              now.status(),
              now.otherStatusChildren());
      try {
        CibFiles.writeAtomically(file, CibFiles.write(written, formatOf(file)));
      } catch (IOException e) {
        throw new TargetException(
            "cannot write " + file + ": " + e.getMessage(), ExitCodes.CANT_CREATE);
      }
      return "written " + file + " version=" + v;
    }

    @Override
    public String name() {
      return file.toString();
    }

    /** YAML for .yaml/.yml names, else XML. */
    static CibFiles.Format formatOf(Path file) {
      String n = file.getFileName().toString();
      return n.endsWith(".yaml") || n.endsWith(".yml") ? CibFiles.Format.YAML : CibFiles.Format.XML;
    }
  }
}
