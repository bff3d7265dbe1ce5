package dev.meshgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.internal.Problems;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshGatewayModeTest {
  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({"'', DEFAULT", "none, NONE", "local, LOCAL", "remote, REMOTE"})
  void parsesConsulsFourValues(String value, MeshGatewayMode mode) {
    assertEquals(mode, MeshGatewayMode.parse(value));
    assertEquals(value, mode.wireName());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"Local", "REMOTE", "' none'", "gateway"})
  void rejectsAnythingElseWithConsulsTextCaseSensitively(String value) {
    assertEquals("Invalid Mesh Gateway Mode: \"" + value + "\"",
        assertThrows(IllegalArgumentException.class, () -> MeshGatewayMode.parse(value)).getMessage());
  }

  @Test
  void quotesControlCharactersInTheRejectedValue() {
    assertEquals("Invalid Mesh Gateway Mode: \"lo\\ncal\"",
        assertThrows(IllegalArgumentException.class, () -> MeshGatewayMode.parse("lo\ncal")).getMessage());
  }

  @Test
  void overlayWinsUnlessItIsDefault() {
    for (MeshGatewayMode base : MeshGatewayMode.values()) {
      assertEquals(base, base.overlayWith(MeshGatewayMode.DEFAULT));
      for (MeshGatewayMode overlay : MeshGatewayMode.values()) {
        if (overlay != MeshGatewayMode.DEFAULT) {
          assertEquals(overlay, base.overlayWith(overlay));
        }
      }
    }
  }

  @Property(tries = 1000)
  void anyTextIsAModeOrRejectedWithConsulsText(@ForAll String value) {
    try {
      assertEquals(value, MeshGatewayMode.parse(value).wireName());
    } catch (IllegalArgumentException e) {
      assertEquals("Invalid Mesh Gateway Mode: " + Problems.quote(value), e.getMessage());
    }
  }
}
