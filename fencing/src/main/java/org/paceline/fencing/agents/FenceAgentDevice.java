package org.paceline.fencing.agents;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.exec.ExternalTool;
import org.paceline.process.ProcessResult;

/**
 * A fence device backed by a {@code fence_*} agent: each call runs the agent with {@code key=value}
 * lines on stdin ({@code action=off}, {@code ip=...}, {@code password=...}, {@code plug=...}), so
 * the password never appears in argv. Exit codes: 0 success (for status: on), 1 failure, 2 for
 * status: off.
 */
public final class FenceAgentDevice implements FenceDevice {
  /** fence-agents' exit code of a failed action. */
  public static final int EXIT_FAILURE = 1;

  /** fence-agents' exit code of {@code status} when the plug is off. */
  public static final int EXIT_STATUS_OFF = 2;

  /** The limit of a metadata call, which only prints XML. */
  public static final long METADATA_TIMEOUT_MS = 10_000;

  private final String id;
  private final FenceAgentSettings s;

  public FenceAgentDevice(String id, FenceAgentSettings settings) {
    this.id = id;
    this.s = settings;
  }

  @Override
  public String id() {
    return id;
  }

  /** The stdin the agent gets for {@code action} on {@code plug} (public for tests). */
  public String stdin(String action, String plug) {
    StringBuilder b = new StringBuilder("action=").append(action).append('\n');
    for (Map.Entry<String, String> e : s.parameters().entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    if (s.password() != null) {
      b.append("password=").append(s.password().reveal()).append('\n');
    }
    if (plug != null && !"none".equals(s.hostArgument())) {
      if (plug.contains("\n")) {
        throw new IllegalArgumentException("plug contains a newline");
      }
      b.append(s.hostArgument()).append('=').append(plug).append('\n');
    }
    return b.toString();
  }

  private String redact(String text) {
    return s.password() == null ? text : s.password().redact(text);
  }

  private DeviceResult act(FenceAction action, String plug, long timeoutMs) {
    String what = id + " " + action.word() + (plug == null ? "" : " " + plug);
    ProcessResult p;
    try {
      p = ExternalTool.run(List.of(s.agentPath()), Map.of(), stdin(action.word(), plug), timeoutMs);
    } catch (IOException e) {
      return new DeviceResult.Failed(
          what + ": cannot run " + s.agentPath() + ": " + e.getMessage());
    }
    if (p.timedOut()) {
      return new DeviceResult.TimedOut(
          timeoutMs, what + ": " + agentName() + " killed after " + timeoutMs + " ms");
    }
    if (action == FenceAction.STATUS || action == FenceAction.MONITOR) {
      if (p.exitCode() == 0) {
        return DeviceResult.Ok.of(
            action == FenceAction.STATUS ? PowerState.ON : PowerState.UNKNOWN,
            what + ": " + (action == FenceAction.STATUS ? "power is on" : "device answers"));
      }
      if (p.exitCode() == EXIT_STATUS_OFF && action == FenceAction.STATUS) {
        return DeviceResult.Ok.of(PowerState.OFF, what + ": power is off");
      }
    } else if (p.exitCode() == 0) {
      PowerState st =
          switch (action) {
            case OFF -> PowerState.OFF;
            case ON, REBOOT -> PowerState.ON;
            default -> PowerState.UNKNOWN;
          };
      List<String> plugs =
          action == FenceAction.LIST
              ? Arrays.stream(p.stdout().split("\\R"))
                  .filter(l -> !l.isBlank())
                  .map(l -> l.split(",", 2)[0].trim())
                  .toList()
              : List.of();
      return new DeviceResult.Ok(st, plugs, what + ": " + agentName() + " succeeded");
    }
    return new DeviceResult.Failed(
        what
            + ": "
            + agentName()
            + " exit "
            + p.exitCode()
            + ": "
            + redact(ExternalTool.firstErrorLine(p)));
  }

  private String agentName() {
    return java.nio.file.Path.of(s.agentPath()).getFileName().toString();
  }

  /** Reads the agent's metadata ({@code AGENT -o metadata}); a failure is a problem message. */
  public static MetadataLookup metadata(String agentPath) {
    try {
      ProcessResult p =
          ExternalTool.run(
              List.of(agentPath, "-o", "metadata"), Map.of(), null, METADATA_TIMEOUT_MS);
      if (p.timedOut() || p.exitCode() != 0) {
        return MetadataLookup.problem(
            agentPath
                + " -o metadata failed (exit "
                + p.exitCode()
                + "): "
                + ExternalTool.firstErrorLine(p));
      }
      return MetadataLookup.found(AgentMetadata.parse(p.stdout()));
    } catch (IOException | IllegalArgumentException e) {
      return MetadataLookup.problem(agentPath + " -o metadata: " + e.getMessage());
    }
  }

  @Override
  public DeviceResult off(String plug, long timeoutMs) {
    return act(FenceAction.OFF, plug, timeoutMs);
  }

  @Override
  public DeviceResult on(String plug, long timeoutMs) {
    return act(FenceAction.ON, plug, timeoutMs);
  }

  @Override
  public DeviceResult reboot(String plug, long timeoutMs) {
    return act(FenceAction.REBOOT, plug, timeoutMs);
  }

  @Override
  public DeviceResult status(String plug, long timeoutMs) {
    return act(FenceAction.STATUS, plug, timeoutMs);
  }

  @Override
  public DeviceResult list(long timeoutMs) {
    return act(FenceAction.LIST, null, timeoutMs);
  }

  @Override
  public DeviceResult monitor(long timeoutMs) {
    return act(FenceAction.MONITOR, null, timeoutMs);
  }
}
