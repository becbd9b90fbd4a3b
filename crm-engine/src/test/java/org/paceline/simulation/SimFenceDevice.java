package org.paceline.simulation;

import org.paceline.cib.Cib;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.node.NodeFencer;

/**
 * The one fence device, as one daemon incarnation's fencer reaches it: a request takes 50-500 ms,
 * powers the target off (or finds it off), or fails while the fault schedule injects failures. The
 * device acts even if the requesting daemon dies meanwhile; the answer goes to the daemon that
 * asked, through its host (dropped if it died).
 */
final class SimFenceDevice implements NodeFencer {
  private final Simulation sim;
  private final SimNode from;
  private final java.util.function.Consumer<Event> sink;

  SimFenceDevice(Simulation sim, SimNode from, java.util.function.Consumer<Event> sink) {
    this.sim = sim;
    this.from = from;
    this.sink = sink;
  }

  @Override
  public void setConfiguration(Cib cib) {
    // One device, whatever the configuration says.
  }

  @Override
  public void fence(Effect.Fence fe) {
    SimNode target = sim.nodes.get(fe.target());
    sim.happenings.add(
        new Simulation.Happening(sim.now, "fence-request", from.name, fe.target(), null, null));
    if (sim.checks.votersInGroup(from, false) * 2 <= Simulation.NODES.size()) {
      sim.minorityFenceRequests++;
      sim.trace("note: " + from.name + " requests fencing of " + fe.target() + " from a minority");
    }
    sim.after(
        sim.between(50, 500),
        () -> {
          boolean ok;
          String detail;
          if (sim.fenceFailuresToInject > 0 && !sim.faultsOver) {
            sim.fenceFailuresToInject--;
            ok = false;
            detail = "fence_dummy: injected failure";
          } else {
            ok = true;
            detail = "fence_dummy: " + (target.powered ? "powered off" : "was already off");
            sim.fences++;
            if (target.powered) {
              sim.powerOff(target, "fenced by " + from.name);
            }
          }
          sim.happenings.add(
              new Simulation.Happening(
                  sim.now, ok ? "fenced" : "fence-failed", from.name, target.name, null, null));
          sink.accept(new Event.FenceResult(target.name, ok, detail));
        });
  }

  @Override
  public void close() {
    // The device is shared; nothing of it belongs to one daemon.
  }
}
