package dev.meshgate.core.terminating;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.core.catalog.CatalogSnapshot;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceInstance;
import org.junit.jupiter.api.Test;

class AclRequirementsTest {
  @Test
  void rendersTheRulesConsulDocumentsForATerminatingGateway() {
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw")
        .services(LinkedService.of("api"), LinkedService.of("ghost"), LinkedService.of("web")).build();
    String hcl = AclRequirements.of(entry, Fixtures.vector9Catalog(), "dc1", "gw-node", 8503).toHcl();
    assertEquals("""
        service "tgw" {
          policy = "write"
        }
        service "api" {
          policy = "write"
        }
        service "ghost" {
          policy = "write"
        }
        service "web" {
          policy = "write"
        }
        node "app-node" {
          policy = "read"
        }
        node "ext-node" {
          policy = "read"
        }
        agent "gw-node" {
          policy = "read"
        }
        """, hcl);
  }

  @Test
  void omitsAgentReadOnTheDefaultGrpcPortAndCoversWildcardsWithAPrefix() {
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw").service("*").build();
    String hcl = AclRequirements.of(entry, Fixtures.vector9Catalog(), "dc1", "gw-node", 8502).toHcl();
    assertEquals("""
        service "tgw" {
          policy = "write"
        }
        service_prefix "" {
          policy = "write"
        }
        node "app-node" {
          policy = "read"
        }
        node "ext-node" {
          policy = "read"
        }
        """, hcl);
  }

  @Test
  void wrapsEnterpriseTenancyInNamespaceAndPartitionBlocks() {
    Node p1 = Node.external("ext-p1", "dc1", "10.2.0.1").withPartition("part1");
    CatalogSnapshot.Builder b = CatalogSnapshot.builder();
    b.register(ServiceInstance.builder(p1, "api").namespace("team-a").build());
    TerminatingGatewayEntry entry = TerminatingGatewayEntry.builder("tgw").partition("part1")
        .services(LinkedService.builder("api").namespace("team-a").build()).build();
    assertEquals("""
        partition "part1" {
          namespace "default" {
            service "tgw" {
              policy = "write"
            }
          }
          node "ext-p1" {
            policy = "read"
          }
          agent "gw \\"1\\"" {
            policy = "read"
          }
          namespace "team-a" {
            service "api" {
              policy = "write"
            }
          }
        }
        """, AclRequirements.of(entry, b.build(), "dc1", "gw \"1\"", 9999).toHcl());
  }
}
