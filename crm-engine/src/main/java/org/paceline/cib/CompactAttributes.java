package org.paceline.cib;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered string map stored as one array: the status section of a large
 * cluster holds hundreds of thousands of small attribute maps, where a LinkedHashMap costs several
 * times more memory.
 */
final class CompactAttributes extends AbstractMap<String, String> {
  private final String[] keysAndValues;

  CompactAttributes(Map<String, String> source) {
    keysAndValues = new String[source.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : source.entrySet()) {
      keysAndValues[i++] = e.getKey();
      keysAndValues[i++] = e.getValue();
    }
  }

  @Override
  public int size() {
    return keysAndValues.length / 2;
  }

  @Override
  public String get(Object key) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i].equals(key)) {
        return keysAndValues[i + 1];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i].equals(key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keysAndValues.length / 2;
      }

      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keysAndValues.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> e =
                new AbstractMap.SimpleImmutableEntry<>(keysAndValues[i], keysAndValues[i + 1]);
            i += 2;
            return e;
          }
        };
      }
    };
  }
}
