package org.paceline.status;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;
import org.paceline.status.StatusReport.Summary;

/**
 * Writes a {@link StatusReport} as XML shaped like {@code crm_mon --output-as=xml} (summary, nodes,
 * resources, failures, fence_history), plus Paceline's health verdict, so scripts written against
 * crm_mon's element and attribute names keep working.
 */
final class StatusXml {
  private StatusXml() {}

  static String write(StatusReport r) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      Indenter x = new Indenter(w);
      w.writeStartDocument("UTF-8", "1.0");
      x.start("pacemaker-result", false);
      w.writeAttribute("api-version", "2.25");
      w.writeAttribute("request", "crm status --output xml");
      summary(x, r.summary());
      x.start("nodes", false);
      for (NodeEntry n : r.nodes()) {
        x.start("node", true);
        w.writeAttribute("name", n.name());
        w.writeAttribute("id", n.id() == null ? "" : n.id());
        w.writeAttribute("online", bool(n.online()));
        w.writeAttribute("standby", bool(n.standby()));
        w.writeAttribute("maintenance", bool(n.maintenance()));
        w.writeAttribute("unclean", bool(n.unclean()));
        w.writeAttribute("shutdown", bool(n.shutdown()));
        w.writeAttribute("is_dc", bool(n.dc()));
        w.writeAttribute("resources_running", Integer.toString(n.resourcesRunning()));
        w.writeAttribute("type", "member");
        if (n.lastReported() != null) {
          w.writeAttribute("last_reported", n.lastReported());
        }
      }
      x.end();
      x.start("resources", false);
      for (ResourceEntry e : r.resources()) {
        resource(x, e);
      }
      x.end();
      if (!r.failedActions().isEmpty()) {
        x.start("failures", false);
        for (FailedAction f : r.failedActions()) {
          x.start("failure", true);
          w.writeAttribute("op_key", f.opKey());
          w.writeAttribute("node", f.node());
          w.writeAttribute("exitstatus", f.rcText());
          w.writeAttribute("exitreason", f.exitReason());
          w.writeAttribute("exitcode", Integer.toString(f.rc()));
          w.writeAttribute("call", Integer.toString(f.callId()));
          w.writeAttribute("status", f.status());
          if (f.lastRcChange() != null) {
            w.writeAttribute("last-rc-change", f.lastRcChange().replace('T', ' '));
          }
          w.writeAttribute("queued", Long.toString(f.queuedMs()));
          w.writeAttribute("exec", Long.toString(f.execMs()));
          w.writeAttribute("interval", Long.toString(f.intervalMs()));
          w.writeAttribute("task", f.task() == null ? "" : f.task());
        }
        x.end();
      }
      x.start("fence_history", false);
      for (FencingEntry f : r.fencing()) {
        x.start("fence_event", true);
        w.writeAttribute("target", f.target());
        w.writeAttribute("action", f.action());
        w.writeAttribute("status", f.ok() ? "success" : "failed");
        if (f.when() != null) {
          w.writeAttribute(f.ok() ? "completed" : "last-failed", f.when());
        }
        if (!f.detail().isEmpty()) {
          w.writeAttribute("exit-reason", f.detail());
        }
      }
      x.end();
      if (!r.moveBans().isEmpty()) {
        x.start("move_ban_constraints", false);
        for (StatusReport.MoveBan m : r.moveBans()) {
          x.start("constraint", true);
          w.writeAttribute("id", m.id());
          w.writeAttribute("resource", m.resource());
          if (m.node() != null) {
            w.writeAttribute("node", m.node());
          }
          if (m.score() != null) {
            w.writeAttribute("score", m.score());
          }
          if (m.until() != null) {
            w.writeAttribute("until", m.until());
            w.writeAttribute("expired", Boolean.toString(m.expired()));
          }
        }
        x.end();
      }
      x.start("health", false);
      w.writeAttribute("code", Integer.toString(r.health().code()));
      w.writeAttribute("status", r.health().word());
      for (String reason : r.health().reasons()) {
        x.start("reason", false);
        w.writeCharacters(reason);
        w.writeEndElement();
        x.depth--;
      }
      x.end();
      x.start("status", true);
      w.writeAttribute("code", "0");
      w.writeAttribute("message", "OK");
      x.end();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write status XML", e);
    }
    return out + "\n";
  }

  private static void summary(Indenter x, Summary s) throws XMLStreamException {
    XMLStreamWriter w = x.w;
    x.start("summary", false);
    x.start("stack", true);
    w.writeAttribute("type", s.stack());
    x.start("current_dc", true);
    w.writeAttribute("present", bool(s.dc() != null));
    if (s.dc() != null) {
      w.writeAttribute("version", s.version());
      w.writeAttribute("name", s.dc());
    }
    w.writeAttribute("with_quorum", bool(s.quorate()));
    x.start("last_update", true);
    w.writeAttribute("time", s.lastUpdated());
    if (s.lastChange() != null) {
      x.start("last_change", true);
      w.writeAttribute("time", s.lastChange());
    }
    x.start("nodes_configured", true);
    w.writeAttribute("number", Integer.toString(s.nodesConfigured()));
    x.start("resources_configured", true);
    w.writeAttribute("number", Integer.toString(s.instancesConfigured()));
    w.writeAttribute("disabled", Integer.toString(s.instancesDisabled()));
    if (s.activeResource() != null) {
      x.start("active_resource", true);
      w.writeAttribute("id", s.activeResource());
      w.writeAttribute("nodes", String.join(" ", s.activeNodes()));
      if (s.localNode() != null) {
        w.writeAttribute("local_node", s.localNode());
        w.writeAttribute("local_role", s.localRole());
      }
    }
    x.end();
  }

  private static void resource(Indenter x, ResourceEntry e) throws XMLStreamException {
    XMLStreamWriter w = x.w;
    switch (e.kind()) {
      case "primitive", "orphan" -> {
        boolean empty = e.instances().isEmpty();
        x.start("resource", empty);
        w.writeAttribute("id", e.id());
        w.writeAttribute("resource_agent", e.agent());
        String role = empty ? "Stopped" : e.instances().get(0).role();
        w.writeAttribute("role", role);
        w.writeAttribute("active", bool(!empty));
        w.writeAttribute("orphaned", bool(e.kind().equals("orphan")));
        w.writeAttribute("managed", bool(e.managed()));
        w.writeAttribute("disabled", bool(e.disabled()));
        w.writeAttribute("failed", bool(e.instances().stream().anyMatch(Instance::failed)));
        w.writeAttribute("nodes_running_on", Integer.toString(e.instances().size()));
        for (Instance i : e.instances()) {
          x.start("node", true);
          w.writeAttribute("name", i.node());
          w.writeAttribute("role", i.role());
          w.writeAttribute("history_id", i.historyId());
          w.writeAttribute("failed", bool(i.failed()));
        }
        if (!empty) {
          x.end();
        }
      }
      case "group", "clone" -> {
        x.start(e.kind(), false);
        w.writeAttribute("id", e.id());
        if (e.kind().equals("clone")) {
          w.writeAttribute("multi_state", bool(e.promotable()));
          w.writeAttribute("unique", bool(e.unique()));
        } else {
          w.writeAttribute("number_resources", Integer.toString(e.children().size()));
        }
        w.writeAttribute("managed", bool(e.managed()));
        w.writeAttribute("disabled", bool(e.disabled()));
        for (ResourceEntry c : e.children()) {
          resource(x, c);
        }
        x.end();
      }
      default -> {
        x.start("resource", true);
        w.writeAttribute("id", e.id());
        w.writeAttribute("resource_agent", e.kind());
      }
    }
  }

  private static String bool(boolean b) {
    return Boolean.toString(b);
  }

  /** Pretty-printing on top of StAX: empty elements close themselves at the next start/end. */
  private static final class Indenter {
    final XMLStreamWriter w;
    int depth;

    Indenter(XMLStreamWriter w) {
      this.w = w;
    }

    /** Starts an element; an empty one needs no end(). */
    void start(String name, boolean empty) throws XMLStreamException {
      w.writeCharacters("\n" + "  ".repeat(depth));
      if (empty) {
        w.writeEmptyElement(name);
      } else {
        w.writeStartElement(name);
        depth++;
      }
    }

    void end() throws XMLStreamException {
      depth--;
      w.writeCharacters("\n" + "  ".repeat(depth));
      w.writeEndElement();
    }
  }
}
