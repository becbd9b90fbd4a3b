package org.paceline.fencing;

import java.time.Instant;

/**
 * One line of the fencing history: one device call, or one operator confirmation.
 *
 * @param time when the call finished
 * @param origin who asked
 * @param target the node
 * @param device the device id, or null for an operator confirmation
 * @param level the topology level, or 0 when none applied
 * @param action the device action
 * @param result the result
 * @param durationMs how long the call took
 * @param message what the device said, for the operator (never a secret)
 */
public record HistoryEntry(
    Instant time,
    String origin,
    String target,
    String device,
    int level,
    FenceAction action,
    HistoryResult result,
    long durationMs,
    String message) {}
