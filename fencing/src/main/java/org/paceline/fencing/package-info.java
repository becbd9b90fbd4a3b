/**
 * Fencing (STONITH): fence devices, the {@link org.paceline.fencing.Fencer} that runs a request
 * through the fencing topology, and the persistent fencing history. Clocks, delays and randomness
 * sit behind {@link org.paceline.fencing.FenceClock} and {@link org.paceline.fencing.DelayRandom}
 * so the fencer is deterministic under test.
 */
package org.paceline.fencing;
