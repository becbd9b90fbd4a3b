/**
 * The node side of the controller: adapters that carry out the DC's effects on this node and answer
 * with events. {@link org.paceline.node.OperationRunner} runs {@code RunOperation} on the local
 * executor and builds the node's {@code NodeReport}; {@link org.paceline.node.FenceRunner} runs
 * {@code Fence} through the fencer configured from the CIB; {@link
 * org.paceline.node.ResourceDefinitions} turns a resource instance id and the CIB into what the
 * executor runs.
 */
package org.paceline.node;
