/**
 * The local resource manager (LRM) of one node: the only place where resource agents are called. It
 * runs actions with per-operation timeouts, one at a time per resource, repeats recurring monitors,
 * keeps operation history and fail counts, and reports every result as an event.
 */
package org.paceline.executor;
