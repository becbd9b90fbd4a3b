package org.paceline.cib;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a configuration for what Pacemaker would reject or silently misread: missing and duplicate
 * ids, dangling references, bad values (scores, roles, times, booleans), structural mistakes (a
 * group inside a group), and cycles among mandatory orders. Pure: it reads the model and returns
 * findings, in document order.
 */
public final class CibValidator {
  private static final Set<String> NODE_TYPES = Set.of("member", "ping", "remote", "normal");

  // Checks by concern, all reporting into one context, called in document order so the findings
  // come out in that order.
  private final ValidationContext ctx;
  private final AttributeSetChecks sets;
  private final ResourceChecks resources;
  private final ConstraintChecks constraints;
  private final FencingChecks fencing;

  private CibValidator(Configuration config) {
    this.ctx = new ValidationContext(config);
    this.sets = new AttributeSetChecks(ctx);
    this.resources = new ResourceChecks(ctx, sets);
    this.constraints = new ConstraintChecks(ctx, sets);
    this.fencing = new FencingChecks(ctx);
  }

  /** All findings for a CIB's configuration. */
  public static List<Problem> validate(Cib cib) {
    return validate(cib.configuration());
  }

  /** All findings for a configuration. */
  public static List<Problem> validate(Configuration config) {
    CibValidator validator = new CibValidator(config);
    validator.run();
    return List.copyOf(validator.ctx.problems);
  }

  /** Whether any finding is an error. */
  public static boolean hasErrors(List<Problem> problems) {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
  }

  private void run() {
    properties();
    nodes();
    for (Resource r : ctx.config.resources()) {
      resources.resource(r, null);
    }
    for (NvSet s : ctx.config.rscDefaults()) {
      sets.nvSet("meta_attributes", s);
    }
    for (NvSet s : ctx.config.opDefaults()) {
      sets.nvSet("meta_attributes", s);
    }
    for (Constraint c : ctx.config.constraints()) {
      constraints.constraint(c);
    }
    fencing.fencingTopology();
    for (Tag t : ctx.config.tags()) {
      ctx.id("tag", t.id());
      for (String ref : t.refs()) {
        boolean known =
            ctx.resourceIds.contains(ref)
                || ctx.config.node(ref).isPresent()
                || ctx.config.nodes().stream().anyMatch(n -> ref.equals(n.id()))
                || ctx.config.constraints().stream().anyMatch(k -> ref.equals(k.id()));
        if (!known) {
          ctx.problems.add(Problem.error("tag", t.id(), "tags unknown id '" + ref + "'"));
        }
      }
    }
    new AclChecks(ctx).check();
    new AlertChecks(ctx).check();
    new OrderCycleCheck(ctx).check();
    fencing.stonithPresence();
  }

  // ---------------------------------------------------------------- properties and nodes

  private void properties() {
    for (NvSet s : ctx.config.clusterProperties()) {
      sets.nvSet("cluster_property_set", s);
      for (NvPair p : s.nvpairs()) {
        if (p.name() == null) {
          continue;
        }
        String replacement = ClusterOption.REMOVED_IN_PACEMAKER3.get(p.name());
        if (replacement != null) {
          ctx.warning(
              "nvpair",
              p.id(),
              "cluster property " + p.name() + " was removed in Pacemaker 3.0; use " + replacement);
        }
        if (("stonith-action".equals(p.name()) || "fencing-action".equals(p.name()))
            && "poweroff".equals(p.value())) {
          ctx.warning(
              "nvpair",
              p.id(),
              p.name() + "=poweroff was removed in Pacemaker 3.0; use off (the same action)");
        }
        var option = ClusterOption.byName(p.name());
        if (option.isPresent()) {
          String expected = option.get().check(p.value());
          if (expected != null) {
            ctx.error(
                "nvpair",
                p.id(),
                "cluster property " + p.name() + "='" + p.value() + "': " + expected);
          }
        } else if (!ClusterOption.informational(p.name())) {
          ctx.warning("nvpair", p.id(), "unknown cluster property '" + p.name() + "' (ignored)");
        }
      }
    }
  }

  private void nodes() {
    Set<String> unames = new HashSet<>();
    for (Node n : ctx.config.nodes()) {
      ctx.id("node", n.id());
      if (n.uname() == null || n.uname().isBlank()) {
        ctx.error("node", n.id(), "missing uname (the node's name)");
      } else if (!unames.add(n.uname())) {
        ctx.error("node", n.id(), "duplicate node name '" + n.uname() + "'");
      }
      if (n.type() != null && !NODE_TYPES.contains(n.type())) {
        ctx.error("node", n.id(), "bad type '" + n.type() + "' (expected member, ping or remote)");
      }
      n.instanceAttributes().forEach(s -> sets.nvSet("instance_attributes", s));
      n.utilization().forEach(s -> sets.nvSet("utilization", s));
      NvSet.lookup(n.instanceAttributes(), "standby")
          .filter(v -> !CibBooleans.valid(v))
          .ifPresent(v -> ctx.error("node", n.id(), "standby='" + v + "': expected true or false"));
    }
  }
}
