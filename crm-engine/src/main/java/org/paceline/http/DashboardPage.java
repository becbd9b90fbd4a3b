package org.paceline.http;

import java.util.ArrayList;
import java.util.List;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;

/**
 * The read-only HTML dashboard served at {@code /}: one self-contained page (inline CSS, no
 * external assets, a few lines of inline JS that poll {@code /status}) with a big OK / DEGRADED
 * indicator and its reasons, the nodes with their last report time, where each resource runs,
 * failed actions and fencing events. Everything is rendered on the server, so it reads the same
 * without JavaScript; every value is HTML-escaped.
 */
public final class DashboardPage {
  /** Indicator colours (also asserted by the screenshot test). */
  public static final String OK_COLOUR = "#2e7d32";

  public static final String WARNING_COLOUR = "#ef8f00";
  public static final String CRITICAL_COLOUR = "#c62828";

  /** How often the page polls /status, in milliseconds. */
  public static final int POLL_MS = 5000;

  private DashboardPage() {}

  /** The page for a report. */
  public static String render(StatusReport r) {
    StringBuilder b = new StringBuilder(8192);
    String word = word(r.health().code());
    String title = r.summary().clusterName() == null ? "Paceline" : r.summary().clusterName();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(esc(title))
        .append(" - ")
        .append(word)
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:sans-serif;margin:0;padding:16px;background:#fafafa;color:#222}\n")
        .append("#indicator{color:#fff;font-size:64px;font-weight:bold;text-align:center;")
        .append("padding:40px 0;border-radius:8px}\n")
        .append(".ok{background:")
        .append(OK_COLOUR)
        .append("}.warning{background:")
        .append(WARNING_COLOUR)
        .append("}.critical{background:")
        .append(CRITICAL_COLOUR)
        .append("}\n")
        .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:left}th{background:#eee}\n")
        .append("h2{font-size:18px;margin:16px 0 4px}.bad{color:")
        .append(CRITICAL_COLOUR)
        .append(";font-weight:bold}\n</style></head><body>\n");
    b.append("<h1>")
        .append(esc(title))
        .append("</h1>\n<p id=\"summary\">")
        .append(esc(summaryLine(r)))
        .append("</p>\n");
    b.append("<div id=\"indicator\" class=\"")
        .append(cssClass(r.health().code()))
        .append("\">")
        .append(word)
        .append("</div>\n<ul id=\"reasons\">");
    for (String reason : r.health().reasons()) {
      b.append("<li>").append(esc(reason)).append("</li>");
    }
    b.append("</ul>\n");

    b.append("<h2>Nodes</h2>\n<table id=\"nodes\"><tr><th>node</th><th>state</th><th>DC</th>")
        .append("<th>resources</th><th>last report</th></tr>\n");
    for (NodeEntry n : r.nodes()) {
      boolean bad = n.unclean() || !n.online();
      b.append("<tr><td>")
          .append(esc(n.name()))
          .append("</td><td")
          .append(bad ? " class=\"bad\"" : "")
          .append('>')
          .append(esc(n.state()))
          .append("</td><td>")
          .append(n.dc() ? "yes" : "")
          .append("</td><td>")
          .append(n.resourcesRunning())
          .append("</td><td>")
          .append(n.lastReported() == null ? "-" : esc(n.lastReported()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Resources</h2>\n<table id=\"resources\"><tr><th>resource</th><th>agent</th>")
        .append("<th>state</th><th>where</th></tr>\n");
    List<String[]> rows = new ArrayList<>();
    for (ResourceEntry e : r.resources()) {
      rows(e, null, rows);
    }
    for (String[] row : rows) {
      boolean bad = row[2].startsWith("FAILED") || row[2].startsWith("Stopped");
      b.append("<tr><td>")
          .append(esc(row[0]))
          .append("</td><td>")
          .append(esc(row[1]))
          .append("</td><td")
          .append(bad ? " class=\"bad\"" : "")
          .append('>')
          .append(esc(row[2]))
          .append("</td><td>")
          .append(esc(row[3]))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Failed actions</h2>\n");
    if (r.failedActions().isEmpty()) {
      b.append("<p>none</p>\n");
    } else {
      b.append("<table id=\"failed\"><tr><th>operation</th><th>node</th><th>result</th>")
          .append("<th>reason</th><th>when</th></tr>\n");
      for (FailedAction f : r.failedActions()) {
        b.append("<tr><td>")
            .append(esc(f.opKey()))
            .append("</td><td>")
            .append(esc(f.node()))
            .append("</td><td class=\"bad\">")
            .append(esc(f.rcText() + " (" + f.rc() + "), " + f.status()))
            .append("</td><td>")
            .append(esc(f.exitReason()))
            .append("</td><td>")
            .append(f.lastRcChange() == null ? "-" : esc(f.lastRcChange()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<h2>Fencing events</h2>\n");
    if (r.fencing().isEmpty()) {
      b.append("<p>none</p>\n");
    } else {
      b.append("<table id=\"fencing\"><tr><th>target</th><th>action</th><th>result</th>")
          .append("<th>when</th><th>detail</th></tr>\n");
      for (FencingEntry f : r.fencing()) {
        b.append("<tr><td>")
            .append(esc(f.target()))
            .append("</td><td>")
            .append(esc(f.action()))
            .append("</td><td")
            .append(f.ok() ? ">successful" : " class=\"bad\">failed")
            .append("</td><td>")
            .append(f.when() == null ? "-" : esc(f.when()))
            .append("</td><td>")
            .append(esc(f.detail()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<script>\n")
        .append("// Refresh the verdict from /status; the tables are as of the page load.\n")
        .append("const words={0:'OK',1:'DEGRADED',2:'DEGRADED'},")
        .append("classes={0:'ok',1:'warning',2:'critical'};\n")
        .append("function poll(){fetch('/status',{cache:'no-store'}).then(r=>r.json()).then(s=>{\n")
        .append(" const i=document.getElementById('indicator');")
        .append("i.textContent=words[s.health.code];i.className=classes[s.health.code];\n")
        .append(" const ul=document.getElementById('reasons');ul.replaceChildren();\n")
        .append(" for(const t of s.health.reasons){const li=document.createElement('li');")
        .append("li.textContent=t;ul.appendChild(li);}\n")
        .append("}).catch(()=>{});}\n")
        .append("setInterval(poll,")
        .append(POLL_MS)
        .append(");\n</script>\n</body></html>\n");
    return b.toString();
  }

  /** OK or DEGRADED. */
  public static String word(int code) {
    return code == 0 ? "OK" : "DEGRADED";
  }

  private static String cssClass(int code) {
    return code == 0 ? "ok" : code == 1 ? "warning" : "critical";
  }

  private static String summaryLine(StatusReport r) {
    StatusReport.Summary s = r.summary();
    StringBuilder b = new StringBuilder();
    if (s.localNode() != null) {
      b.append("seen from ").append(s.localNode()).append(" (").append(s.localRole()).append("), ");
    }
    b.append("DC ").append(s.dc() == null ? "NONE" : s.dc());
    b.append(s.quorate() ? ", partition with quorum" : ", partition WITHOUT quorum");
    b.append(", updated ").append(s.lastUpdated());
    return b.toString();
  }

  private static void rows(ResourceEntry e, String parent, List<String[]> rows) {
    String name = parent == null ? e.id() : parent + " / " + e.id();
    switch (e.kind()) {
      case "primitive", "orphan" -> {
        if (e.instances().isEmpty()) {
          rows.add(
              new String[] {name, e.agent(), e.disabled() ? "Stopped (disabled)" : "Stopped", ""});
        }
        for (Instance i : e.instances()) {
          String state = i.failed() ? "FAILED " + i.role() : i.role();
          if (i.nodeUnclean()) {
            state += " (node UNCLEAN)";
          }
          rows.add(new String[] {name, e.agent(), state, i.node()});
        }
      }
      default -> {
        for (ResourceEntry c : e.children()) {
          rows(c, name, rows);
        }
      }
    }
  }

  /** HTML escaping for text and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
