/**
 * {@code paceline demo}: a three-node demo cluster of real daemons on loopback, its failovers timed
 * from the outside, and the checks of what it needs before it starts. A user entry point above the
 * daemon: it starts node processes and talks to their admin sockets, and nothing below uses it.
 */
package org.paceline.demo;
