package dev.meshgate.core.chain;

import java.util.Map;

/**
 * The request {@link ChainRequest#builder()} builds: immutable, headers by lower-case name.
 * {@code toString} leaves out header values, which may be secrets.
 */
record SimpleChainRequest(String method, String path, String query, Map<String, String> headers,
    String sourceAddress) implements ChainRequest {
  @Override
  public CharSequence header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  @Override
  public String toString() {
    return "ChainRequest[" + method + " " + path + (query.isEmpty() ? "" : "?" + query) + ", headers="
        + headers.keySet() + "]";
  }
}
