package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SniTableTest {
  @Test
  void refusesWildcardNamesBecauseMeshLeavesBelongToExactNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SniTable.of(1, Map.of("*.example.com", SniTableProperties.LEAF)));
    assertEquals("leaves: \"*.example.com\" (expected: an exact server name, without '*')", e.getMessage());
  }

  @Test
  void findsNothingForNamesItDoesNotHold() {
    SniTable table = SniTable.of(3, Map.of("web.example", SniTableProperties.LEAF));
    assertNull(table.find("api.example"));
    assertNull(table.find(""));
    assertNull(table.findAlias("2:web.example"));
    assertEquals("3:web.example", table.find("WEB.Example").alias());
  }
}
