package org.paceline.cib;

/**
 * One finding of the validator.
 *
 * @param severity ERROR makes the CIB unusable; WARNING is printed but accepted
 * @param id the id of the element concerned (or null for the document as a whole)
 * @param element the kind of element ("primitive", "rsc_order", ...)
 * @param message what is wrong and what was expected
 */
public record Problem(Severity severity, String id, String element, String message) {
  /** How bad a finding is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(String element, String id, String message) {
    return new Problem(Severity.ERROR, id, element, message);
  }

  public static Problem warning(String element, String id, String message) {
    return new Problem(Severity.WARNING, id, element, message);
  }

  /** One line for the operator: "file:line: error: <primitive id="x">: message". */
  public String format(SourceLocations locations) {
    String where = id == null ? "" : locations.prefix(id);
    if (id == null && locations.source() != null) {
      where = locations.source() + ": ";
    }
    String what = id == null ? "<" + element + ">" : "<" + element + " id=\"" + id + "\">";
    return where
        + severity.name().toLowerCase(java.util.Locale.ROOT)
        + ": "
        + what
        + ": "
        + message;
  }
}
