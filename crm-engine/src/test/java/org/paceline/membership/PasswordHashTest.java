package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PasswordHashTest {
  @Test
  void verifiesOnlyTheHashedPassword() {
    assertTrue(
        PasswordHash.verify("x".toCharArray(), PasswordHash.create("x".toCharArray(), 1000)));
    assertFalse(
        PasswordHash.verify("y".toCharArray(), PasswordHash.create("x".toCharArray(), 1000)));
  }
}
