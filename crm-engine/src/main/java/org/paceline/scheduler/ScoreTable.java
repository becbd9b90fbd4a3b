package org.paceline.scheduler;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import org.paceline.cib.Score;

/**
 * The allocation score lines of one schedule, kept as one int per line and made into {@link
 * ScoreLine}s only when read. A schedule of 10,000 resources on 64 nodes has 640,000 lines; as
 * objects they were a quarter of the scheduler's heap, and only {@code -s} and explain read them.
 * Immutable once {@link #freeze() frozen}.
 */
final class ScoreTable extends AbstractList<ScoreLine> implements RandomAccess {
  /** Lines that share a stage and a resource: one per node, or a single line. */
  private record Block(String stage, String resource, String[] nodes, int[] scores) {}

  private final String[] allNodes;
  private final List<Block> blocks = new ArrayList<>();
  private int[] starts = new int[0];
  private int size;
  private boolean frozen;

  ScoreTable(List<String> nodeNames) {
    this.allNodes = nodeNames.toArray(String[]::new);
  }

  /** One line per node: {@code scores[i]} is the score on the i-th node (copied). */
  void addPerNode(String stage, String resource, int[] scores) {
    if (scores.length != allNodes.length) {
      throw new IllegalArgumentException(
          "score line of "
              + resource
              + ": "
              + scores.length
              + " scores for "
              + allNodes.length
              + " nodes");
    }
    append(new Block(stage, resource, allNodes, scores.clone()));
  }

  /** A single line. */
  void addOne(String stage, String resource, String node, int score) {
    append(new Block(stage, resource, new String[] {node}, new int[] {score}));
  }

  private void append(Block b) {
    if (frozen) {
      throw new IllegalStateException("score table is frozen");
    }
    if (b.scores.length == 0) {
      return; // no nodes: no lines
    }
    blocks.add(b);
    size += b.scores.length;
  }

  /** Ends the additions; the table is read-only from then on. */
  ScoreTable freeze() {
    frozen = true;
    starts = new int[blocks.size()];
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      starts[i] = at;
      at += blocks.get(i).scores.length;
    }
    return this;
  }

  @Override
  public ScoreLine get(int index) {
    if (!frozen) {
      throw new IllegalStateException("score table not frozen yet");
    }
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("score line " + index + " of " + size);
    }
    int b = Arrays.binarySearch(starts, index);
    if (b < 0) {
      b = -b - 2; // the block that starts before index
    }
    Block block = blocks.get(b);
    int k = index - starts[b];
    return new ScoreLine(block.stage, block.resource, block.nodes[k], Score.of(block.scores[k]));
  }

  @Override
  public int size() {
    return size;
  }
}
