package org.paceline.scheduler;

/**
 * One line of crm_simulate's "Transition Summary", kept typed until printed.
 *
 * @param verb Start, Stop, Move, Recover, Restart, Promote, Demote, Migrate or "Fence (reboot)"
 * @param subject the resource (or node for fencing)
 * @param detail the text inside the parentheses (null for fencing)
 * @param reason the trailing explanation, or null
 */
public record SummaryItem(String verb, String subject, String detail, String reason) {
  /** The line as crm_simulate prints it. */
  public String format() {
    if (detail == null) {
      return "  * " + verb + " " + subject + (reason == null ? "" : " '" + reason + "'");
    }
    String line = String.format("  * %-10s %s     ( %s )", verb, subject, detail);
    return reason == null ? line : line + "  " + reason;
  }
}
