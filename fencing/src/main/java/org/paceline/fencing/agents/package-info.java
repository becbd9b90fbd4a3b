/** Any {@code fence_*} agent of the fence-agents project, run through its stdin protocol. */
package org.paceline.fencing.agents;
