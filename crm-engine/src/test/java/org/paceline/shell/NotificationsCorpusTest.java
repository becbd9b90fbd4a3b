package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.SchedulerAllCasesTestAccess;
import org.paceline.scheduler.Transition;

/**
 * Clone notifications against Pacemaker 2.1.5's corpus: in every case whose transition graph has
 * notify operations, the notify operations {@code crm simulate -S} executes must equal
 * crm_simulate's wherever the transition summary matches (they follow from the planned actions), in
 * at least as many cases as the floor says; and each notification's {@code notify_*} meta
 * attributes (what the agent reads as {@code OCF_RESKEY_CRM_meta_notify_*}) must equal those of the
 * graph's own action, for at least as many actions as the floor says.
 */
@Tag("unit")
class NotificationsCorpusTest {
  /** Cases whose notify operations equal crm_simulate's, when the floor was last raised. */
  private static final int CASES_FLOOR = 54;

  /** Notify actions whose meta attributes equal the graph's, when the floor was last raised. */
  private static final int META_FLOOR = 129;

  private static final Pattern NOTIFY_OP =
      Pattern.compile(
          "<rsc_op [^>]*operation=\"notify\" operation_key=\"([^\"]+)\""
              + "(?: internal_operation_key=\"([^\"]+)\")? on_node=\"([^\"]+)\""
              + "[\\s\\S]*?<attributes ([^>]*)/>");
  private static final Pattern NOTIFY_ATTR =
      Pattern.compile("CRM_meta_(notify_[a-z_]+)=\"([^\"]*)\"");

  private static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  /** The graph's notify actions (key@node) with their notify_* meta, first occurrence each. */
  static Map<String, Map<String, String>> graphNotifications(String exp) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    Matcher m = NOTIFY_OP.matcher(exp);
    while (m.find()) {
      Map<String, String> meta = new TreeMap<>();
      Matcher a = NOTIFY_ATTR.matcher(m.group(4));
      while (a.find()) {
        if (!a.group(1).startsWith("notify_key_")) {
          meta.put(a.group(1), a.group(2));
        }
      }
      // The graph repeats an action among the inputs of the actions after it, with fewer
      // attributes: the action's own entry comes first.
      // An anonymous instance's key is its primitive's; the instance's own is the internal key.
      String key = m.group(2) != null ? m.group(2) : m.group(1);
      out.putIfAbsent(key + "@" + m.group(3), meta);
    }
    return out;
  }

  @Test
  void notificationsMatchTheGraphs() throws Exception {
    Path d = dir();
    Path list = d.resolve("all-cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + d);
    Map<String, Long> now = SchedulerAllCasesTestAccess.nowByCase(d);
    int cases = 0;
    int casesEqual = 0;
    int metaTotal = 0;
    int metaEqual = 0;
    List<String> differ = new ArrayList<>();
    List<String> summaryMatchingButDiffer = new ArrayList<>();
    for (String name : Files.readAllLines(list)) {
      name = name.trim();
      Path exp = d.resolve("exp").resolve(name + ".exp");
      if (name.isEmpty() || !Files.isRegularFile(exp)) {
        continue;
      }
      Map<String, Map<String, String>> want = graphNotifications(Files.readString(exp));
      if (want.isEmpty()) {
        continue;
      }
      cases++;
      org.paceline.cib.Cib cib =
          org.paceline.cib.CibXmlReader.read(d.resolve("xml").resolve(name + ".xml")).cib();
      Transition t = SchedulerAllCasesTestAccess.schedule(d, name, now);
      List<String> ours = new ArrayList<>();
      for (String l : TransitionPrinter.executionLines(t, cib)) {
        String n = SimulateCorpusActionsTest.normalize(l);
        if (n != null && n.contains(" notify ")) {
          ours.add(n);
        }
      }
      ours.sort(null);
      Path summary = d.resolve("summary").resolve(name + ".summary");
      List<String> theirs = new ArrayList<>(SimulateCorpusActionsTest.expectedActions(summary));
      theirs.removeIf(x -> !x.contains(" notify "));
      boolean equal = ours.equals(theirs);
      if (equal) {
        casesEqual++;
      } else {
        differ.add(name);
        if (SchedulerAllCasesTestAccess.summaryMatches(t, d, name)) {
          summaryMatchingButDiffer.add(name);
        }
      }
      Map<String, Map<String, String>> got = new HashMap<>();
      for (Action a : t.actions()) {
        if (a.task() == ActionTask.NOTIFY && a.node() != null) {
          Map<String, String> lists = new TreeMap<>(a.meta());
          lists.keySet().removeIf(k -> !k.startsWith("notify_"));
          got.put(a.key() + "@" + a.node(), lists);
        }
      }
      for (Map.Entry<String, Map<String, String>> e : want.entrySet()) {
        metaTotal++;
        if (e.getValue().equals(got.get(e.getKey()))) {
          metaEqual++;
        }
      }
    }
    System.out.printf(
        "notifications: notify operations equal in %d of %d cases; notify meta equal for %d of %d"
            + " graph notify actions%n",
        casesEqual, cases, metaEqual, metaTotal);
    System.out.println("  differing: " + differ);
    assertEquals(
        List.of(),
        summaryMatchingButDiffer,
        "where the summary matches, the notify operations must too");
    assertTrue(casesEqual >= CASES_FLOOR, casesEqual + " < floor " + CASES_FLOOR);
    assertTrue(metaEqual >= META_FLOOR, metaEqual + " < floor " + META_FLOOR);
  }

  /** Clone-meta actions of the graphs whose meta equals ours, when the floor was last raised. */
  private static final int CLONE_META_FLOOR = 2079;

  private static final java.util.Set<String> CLONE_META =
      java.util.Set.of(
          "clone",
          "clone_max",
          "clone_node_max",
          "globally_unique",
          "notify",
          "promoted_max",
          "promoted_node_max",
          "master_max",
          "master_node_max");

  private static final Pattern ANY_OP =
      Pattern.compile(
          "<rsc_op [^>]*operation=\"[a-z_]+\" operation_key=\"([^\"]+)\""
              + "(?: internal_operation_key=\"([^\"]+)\")? on_node=\"([^\"]+)\""
              + "[\\s\\S]*?<attributes ([^>]*)/>");
  private static final Pattern META_ATTR = Pattern.compile("CRM_meta_([a-z_]+)=\"([^\"]*)\"");

  /**
   * Every action of a clone instance carries the clone's meta (clone_max, notify, promoted_max,
   * ...) as the graph's own action does, in the summary-matching cases, for at least as many
   * actions as the floor says (instance numbers differ in the rest).
   */
  @Test
  void cloneMetaMatchesTheGraphs() throws Exception {
    Path d = dir();
    Path list = d.resolve("all-cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + d);
    Map<String, Long> now = SchedulerAllCasesTestAccess.nowByCase(d);
    int total = 0;
    int equal = 0;
    for (String name : Files.readAllLines(list)) {
      name = name.trim();
      Path exp = d.resolve("exp").resolve(name + ".exp");
      if (name.isEmpty() || !Files.isRegularFile(exp)) {
        continue;
      }
      Transition t = SchedulerAllCasesTestAccess.schedule(d, name, now);
      if (!SchedulerAllCasesTestAccess.summaryMatches(t, d, name)) {
        continue;
      }
      Map<String, Map<String, String>> got = new HashMap<>();
      for (Action a : t.actions()) {
        if (a.node() != null && a.resource() != null) {
          Map<String, String> m = new TreeMap<>(a.meta());
          m.keySet().retainAll(CLONE_META);
          got.put(a.key() + "@" + a.node(), m);
        }
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      Matcher m = ANY_OP.matcher(Files.readString(exp));
      while (m.find()) {
        String key = (m.group(2) != null ? m.group(2) : m.group(1)) + "@" + m.group(3);
        if (!seen.add(key)) {
          continue;
        }
        Map<String, String> want = new TreeMap<>();
        Matcher a = META_ATTR.matcher(m.group(4));
        while (a.find()) {
          if (CLONE_META.contains(a.group(1))) {
            want.put(a.group(1), a.group(2));
          }
        }
        if (want.isEmpty()) {
          continue;
        }
        total++;
        if (want.equals(got.get(key))) {
          equal++;
        }
      }
    }
    System.out.printf("clone meta equal for %d of %d graph clone actions%n", equal, total);
    assertTrue(equal >= CLONE_META_FLOOR, equal + " < floor " + CLONE_META_FLOOR);
  }
}
