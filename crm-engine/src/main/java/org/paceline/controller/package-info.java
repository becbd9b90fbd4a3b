/**
 * The controller: an event-driven state machine ({@link org.paceline.controller.Controller#step})
 * that, on the DC, turns membership, leadership, committed configuration and operation results into
 * scheduler runs and the effects that carry out their transitions (walked by {@link
 * org.paceline.transition.TransitionWalker}, which knows nothing of the controller). It does no I/O
 * and reads no clock: real adapters (JGroups, jgroups-raft, the local executor, the fencer) and the
 * deterministic simulation drive the same code.
 */
package org.paceline.controller;
