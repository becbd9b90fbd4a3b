package org.paceline.scheduler;

import org.paceline.cib.Score;

/**
 * One final allocation score, printed like crm_simulate's {@code -s}.
 *
 * @param stage the assignment stage (primitive, group or clone), as Pacemaker names it
 * @param resource the resource id
 * @param node the node
 * @param score the score
 */
public record ScoreLine(String stage, String resource, String node, Score score) {
  /** The line as crm_simulate prints it. */
  public String format() {
    return stage + ": " + resource + " allocation score on " + node + ": " + score;
  }
}
