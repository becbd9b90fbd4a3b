package org.paceline.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.paceline.agents.ActionRequest;
import org.paceline.agents.ActionResult;
import org.paceline.agents.AgentId;
import org.paceline.agents.AgentMetadata;
import org.paceline.agents.OcfExitCode;
import org.paceline.agents.ResourceAgent;
import org.paceline.executor.AgentProvider;

/**
 * How a {@code class="stonith"} primitive runs on a node's executor. In Pacemaker, starting a
 * fencing resource registers the device with the node's fencer; Paceline's {@link FenceRunner}
 * reads every device from the CIB at each request, so start and stop are bookkeeping: they record
 * whether the device is "started" here, and monitor (and probe) answer 0 when it is, 7 when not.
 * The device itself is not polled yet. Such primitives reach the executor under the reserved agent
 * id {@code ocf:}{@value #PROVIDER}{@code :TYPE}; {@link #wrap} answers those and passes every
 * other agent to the node's own provider. State is in memory: a restarted node has no started
 * devices, as after a reboot.
 */
public final class FencingDeviceResource {
  /** The reserved OCF provider name that marks a fencing device. */
  public static final String PROVIDER = "paceline-stonith";

  private final Set<String> started = new HashSet<>();

  /** An agent provider that runs fencing devices here and everything else through {@code base}. */
  public AgentProvider wrap(AgentProvider base) {
    return id -> id.provider().equals(PROVIDER) ? agent(id) : base.agent(id);
  }

  private ResourceAgent agent(AgentId id) {
    return new ResourceAgent() {
      @Override
      public AgentId id() {
        return id;
      }

      @Override
      public ActionResult execute(ActionRequest r) {
        OcfExitCode rc;
        synchronized (started) {
          switch (r.action()) {
            case START -> {
              started.add(r.resourceId());
              rc = OcfExitCode.SUCCESS;
            }
            case STOP -> {
              started.remove(r.resourceId());
              rc = OcfExitCode.SUCCESS;
            }
            case MONITOR ->
                rc =
                    started.contains(r.resourceId())
                        ? OcfExitCode.SUCCESS
                        : OcfExitCode.NOT_RUNNING;
            case META_DATA, VALIDATE_ALL -> rc = OcfExitCode.SUCCESS;
            default -> rc = OcfExitCode.UNIMPLEMENTED;
          }
        }
        return ActionResult.of(
            r.action(),
            rc,
            rc == OcfExitCode.UNIMPLEMENTED
                ? "fencing device " + r.resourceId() + " has no " + r.action() + " action"
                : "",
            0);
      }

      @Override
      public AgentMetadata metadata() {
        return new AgentMetadata(
            id.type(), "1.0", "fencing device " + id.type(), "", List.of(), List.of());
      }
    };
  }
}
