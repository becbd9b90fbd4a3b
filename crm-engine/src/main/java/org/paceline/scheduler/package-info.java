/**
 * The scheduler (policy engine): a pure function from a CIB snapshot to a {@link
 * org.paceline.scheduler.Transition}, following Pacemaker 2.1.5's semantics.
 */
package org.paceline.scheduler;
