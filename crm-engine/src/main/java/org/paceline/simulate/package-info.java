/**
 * Simulated execution, as crm_simulate does it: injections of node events and operation results
 * into a CIB's status ({@link org.paceline.simulate.StatusInjector}), the order a run executes a
 * transition in ({@link org.paceline.simulate.ExecutionOrder}), and the CIB after every action
 * succeeded ({@link org.paceline.simulate.SimulatedExecution}). Pure functions of a CIB and a
 * transition; the shell parses and prints around them. Depends on cib and scheduler only.
 */
package org.paceline.simulate;
