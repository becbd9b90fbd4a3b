package org.paceline.shell;

/**
 * A crmsh statement that cannot be applied, with a message naming the word that is wrong; thrown
 * inside the parser and turned into {@link CrmshConfigure.Failed} at the top.
 */
final class CrmshException extends Exception {
  CrmshException(String message) {
    super(message);
  }
}
