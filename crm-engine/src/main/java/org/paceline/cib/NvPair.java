package org.paceline.cib;

/**
 * One name/value pair of an attribute set.
 *
 * @param id the pair's XML id (may be null only when {@code idRef} is set)
 * @param name the attribute name
 * @param value the value, or null when absent (an unset marker)
 * @param idRef a reference to a pair defined elsewhere, or null
 */
public record NvPair(String id, String name, String value, String idRef) {
  public static NvPair of(String id, String name, String value) {
    return new NvPair(id, name, value, null);
  }
}
