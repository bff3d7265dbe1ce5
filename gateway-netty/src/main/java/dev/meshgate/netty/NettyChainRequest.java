package dev.meshgate.netty;

import dev.meshgate.core.chain.ChainRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * A Netty request as the discovery chain sees it: method, path and query split from the request
 * target (an absolute-form target loses its scheme and authority), headers read from the request
 * when asked. Valid while the request is not changed; not thread-safe (used on its event loop).
 */
final class NettyChainRequest implements ChainRequest {
  private final HttpRequest request;
  private final String sourceAddress;
  private final String path;
  private final String query;

  NettyChainRequest(HttpRequest request, String sourceAddress) {
    this.request = request;
    this.sourceAddress = sourceAddress;
    String uri = request.uri();
    int start = 0;
    if (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      start = slash < 0 ? uri.length() : slash;
    }
    int fragment = uri.indexOf('#', start);
    int end = fragment < 0 ? uri.length() : fragment;
    int q = uri.indexOf('?', start);
    if (q >= 0 && q < end) {
      this.path = start == q ? "/" : uri.substring(start, q);
      this.query = uri.substring(q + 1, end);
    } else {
      this.path = start == end ? "/" : uri.substring(start, end);
      this.query = "";
    }
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public CharSequence path() {
    return path;
  }

  @Override
  public CharSequence query() {
    return query;
  }

  @Override
  public CharSequence header(String lowerCaseName) {
    List<String> values = request.headers().getAll(lowerCaseName);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(lowerCaseName) ? "; " : ",", values);
  }

  @Override
  public String sourceAddress() {
    return sourceAddress;
  }
}
