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
  /** The stage of a promotable clone instance's promotion score ("none" as node: not placed). */
  public static final String PROMOTION = "promotion";

  /** The line as crm_simulate prints it. */
  public String format() {
    if (PROMOTION.equals(stage)) {
      return resource + " promotion score on " + node + ": " + score;
    }
    return stage + ": " + resource + " allocation score on " + node + ": " + score;
  }
}
