package dev.meshgate.examples.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.examples.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshGatewayCommandTest {
  private static String usageError(String... args) {
    List<String> line = new ArrayList<>(List.of("mesh-gateway"));
    line.addAll(List.of(args));
    Cli.Result r = Cli.run(line.toArray(String[]::new));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.firstErrLine().startsWith("meshgate mesh-gateway: "), r.err());
    return r.firstErrLine().substring("meshgate mesh-gateway: ".length());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "--port 8443                                     | Missing required option: '--services=NAME=HOST:PORT[,...]'",
    "--services api=127.0.0.1:1                      | Missing required option: '--port=PORT'",
    "--datacenter dc1                                | Missing required options: '--port=PORT', '--services=NAME=HOST:PORT[,...]'",
    "--port 0 --services api                         | --services: \"api\" (expected: <name>=<host>:<port>)",
    "--port 0 --services api=x:0                     | --services: \"x:0\" (expected: <host>:<port> with port 1..65535)",
    "--port 0 --services =x:1                        | --services: \"=x:1\" (expected: <name>=<host>:<port>)",
    "--port 0 --services a=x:1 --remote-gateways dc2=y | --remote-gateways: \"y\" (expected: <host>:<port> with port 1..65535)",
    "--port 0 --services a=x:1 --cluster-id A/B     | --cluster-id: \"A/B\" (expected: a UUID such as 5fcd4b81-a2ca-405a-ac62-0fac602c1949)",
    "--port 0 --services a=x:1 --cluster-id my-cluster | --cluster-id: \"my-cluster\" (expected: a UUID such as 5fcd4b81-a2ca-405a-ac62-0fac602c1949)",
    "--port 0 --services a=x:1 --cluster-id 5fcd4b81-a2ca-405a-ac62-0fac602c194 | --cluster-id: \"5fcd4b81-a2ca-405a-ac62-0fac602c194\" (expected: a UUID such as 5fcd4b81-a2ca-405a-ac62-0fac602c1949)",
    "--port 0 --services a=x:1 --cluster-id 5fcd4b81-a2ca-405a-ac62-0fac602c194\u0663 | --cluster-id: \"5fcd4b81-a2ca-405a-ac62-0fac602c194\\u0663\" (expected: a UUID such as 5fcd4b81-a2ca-405a-ac62-0fac602c1949)",
    "--port 0 --services a=x:1 --cluster-id 5fcd4b81-a2ca-405a-ac62-0fac602c194g | --cluster-id: \"5fcd4b81-a2ca-405a-ac62-0fac602c194g\" (expected: a UUID such as 5fcd4b81-a2ca-405a-ac62-0fac602c1949)",
    "--port 70000 --services a=x:1                   | --port: \"70000\" (expected: an integer 0..65535)",
  })
  @Timeout(10) // a case that wrongly passed validation would serve forever
  void explainsBadArgumentsInTheExamplesErrorGrammar(String args, String message) {
    assertEquals(message, usageError(args.split(" +")));
  }
}
