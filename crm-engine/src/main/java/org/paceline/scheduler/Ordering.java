package org.paceline.scheduler;

/**
 * An order between two top-level resources, unpacked from a constraint or a resource set.
 *
 * @param id the constraint id
 * @param first the resource ordered first
 * @param firstAction its action (start, promote, stop, demote)
 * @param then the resource ordered after
 * @param thenAction its action
 * @param mandatory whether then cannot happen unless first can (kind Mandatory)
 * @param symmetrical whether the inverse order applies to the inverse actions
 * @param firstMember the group member the constraint names, null when it names {@code first} itself
 *     (an order on a member binds that member's actions only, as in Pacemaker)
 * @param thenMember likewise for {@code then}
 * @param requireAll false when one runnable instance of a cloned first is enough (rsc_order
 *     require-all=false), as Pacemaker's clone-one-or-more pseudo action has it
 * @param oneOrMore for orders from a resource set with require-all=false: the name of the Pacemaker
 *     pseudo action ("one-or-more:ID") that one runnable first among all orders of the same name
 *     and then satisfies; null otherwise
 * @param firstBundle the bundle the constraint named as first, when first is one of its parts; null
 *     otherwise
 */
record Ordering(
    String id,
    TopLevelResource first,
    String firstAction,
    TopLevelResource then,
    String thenAction,
    boolean mandatory,
    boolean symmetrical,
    String firstMember,
    String thenMember,
    boolean requireAll,
    String oneOrMore,
    String firstBundle) {

  /** The primitive instances of first the constraint binds: all of them, or the named member's. */
  java.util.List<PrimitiveInstance> firstLeaves() {
    return bound(first, firstMember);
  }

  /** The primitive instances of then the constraint binds. */
  java.util.List<PrimitiveInstance> thenLeaves() {
    return bound(then, thenMember);
  }

  /** Whether the constraint binds primitive instance {@code l} of then. */
  boolean bindsThen(PrimitiveInstance l) {
    return l.instance.top == then && (thenMember == null || thenMember.equals(l.primitive.id()));
  }

  private static java.util.List<PrimitiveInstance> bound(TopLevelResource t, String member) {
    if (member == null) {
      return t.primitives();
    }
    return t.primitives().stream().filter(l -> member.equals(l.primitive.id())).toList();
  }
}
