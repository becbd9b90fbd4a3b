package org.paceline.scheduler;

import java.util.List;
import java.util.Map;
import org.paceline.cib.Score;
import org.paceline.unpack.NodeStatus;

/**
 * The scheduler's output: what to do, in what order, and why.
 *
 * @param actions the actions in a deterministic order
 * @param orders ordering edges between action keys
 * @param summary the crm_simulate-style summary lines
 * @param scores the allocation score lines as crm_simulate -s prints them (stages, instances)
 * @param finalScores per group id, the node scores it was placed with (node, score); for other
 *     resources that is their own score line
 * @param contributions every score contribution per resource id, in the order applied
 * @param nodes the unpacked node states
 */
public record Transition(
    List<Action> actions,
    List<OrderEdge> orders,
    List<SummaryItem> summary,
    List<ScoreLine> scores,
    Map<String, Map<String, Score>> finalScores,
    Map<String, List<ScoreContribution>> contributions,
    List<NodeStatus> nodes) {
  public Transition {
    actions = List.copyOf(actions);
    orders = List.copyOf(orders);
    summary = List.copyOf(summary);
    // A frozen score table is immutable already; copying it would make every line an object.
    scores = scores instanceof ScoreTable ? scores : List.copyOf(scores);
    finalScores = Map.copyOf(finalScores);
    contributions = Map.copyOf(contributions);
    nodes = List.copyOf(nodes);
  }
}
