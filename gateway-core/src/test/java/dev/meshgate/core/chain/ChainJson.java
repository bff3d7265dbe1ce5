package dev.meshgate.core.chain;

import dev.meshgate.core.config.MeshGatewayMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Renders a compiled chain as the compact JSON Consul's {@code /v1/discovery-chain/<service>}
 * returns under {@code Chain} (Go's encoding/json: struct fields in declaration order, omitempty
 * fields left out when zero, maps sorted by key, timeouts as Go duration strings where Consul's
 * custom marshallers make them so, integer nanoseconds elsewhere). A test fixture and the reference
 * for the JSON codec: the field lists are those of Consul's structs.
 */
final class ChainJson {
  private final StringBuilder out = new StringBuilder();

  private ChainJson() {}

  static String of(CompiledDiscoveryChain chain) {
    ChainJson j = new ChainJson();
    j.chain(chain);
    return j.out.toString();
  }

  /** Removes the whitespace outside strings, so that pretty JSON compares with compact JSON. */
  static String compact(String json) {
    StringBuilder b = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        b.append(c);
        if (c == '\\') {
          b.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        b.append(c);
      } else if (!Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private void chain(CompiledDiscoveryChain c) {
    Obj o = new Obj();
    o.str("ServiceName", c.serviceName(), false);
    o.str("Namespace", c.namespace(), false);
    o.str("Partition", c.partition(), false);
    o.str("Datacenter", c.datacenter(), false);
    o.str("CustomizationHash", c.customizationHash(), true);
    o.bool("Default", c.isDefault());
    o.str("Protocol", c.protocol().wireName(), true);
    o.str("StartNode", c.startNode(), true);
    o.key("Nodes");
    Obj nodes = new Obj();
    for (Map.Entry<String, ChainNode> e : c.nodes().entrySet()) {
      nodes.key(e.getKey());
      node(e.getValue());
    }
    nodes.end();
    o.key("Targets");
    Obj targets = new Obj();
    for (Map.Entry<String, DiscoveryTarget> e : c.targets().entrySet()) {
      targets.key(e.getKey());
      target(e.getValue());
    }
    targets.end();
    o.end();
  }

  private void node(ChainNode n) {
    Obj o = new Obj();
    o.str("Type", n.type(), false);
    o.str("Name", n.name(), false);
    if (n instanceof ChainNode.Router r) {
      o.key("Routes");
      out.append('[');
      for (int i = 0; i < r.routes().size(); i++) {
        comma(i);
        Obj route = new Obj();
        route.key("Definition");
        serviceRoute(r.routes().get(i).definition());
        route.str("NextNode", r.routes().get(i).nextNode(), true);
        route.end();
      }
      out.append(']');
    } else if (n instanceof ChainNode.Splitter s) {
      o.key("Splits");
      out.append('[');
      for (int i = 0; i < s.splits().size(); i++) {
        comma(i);
        ChainNode.DiscoverySplit split = s.splits().get(i);
        Obj leg = new Obj();
        leg.key("Definition");
        serviceSplit(split.definition());
        if (split.weight() != 0) {
          leg.raw("Weight", number(split.weight()));
        }
        leg.str("NextNode", split.nextNode(), true);
        leg.end();
      }
      out.append(']');
      s.loadBalancer().ifPresent(lb -> {
        o.key("LoadBalancer");
        loadBalancer(lb);
      });
    } else {
      ChainNode.Resolver r = (ChainNode.Resolver) n;
      o.key("Resolver");
      Obj res = new Obj();
      duration(res, "ConnectTimeout", r.connectTimeout());
      res.bool("Default", r.isDefault());
      if (!r.requestTimeout().isZero()) {
        res.raw("RequestTimeout", Long.toString(r.requestTimeout().toNanos()));
      }
      res.str("Target", r.target(), true);
      r.failover().ifPresent(f -> {
        res.key("Failover");
        Obj fo = new Obj();
        fo.key("Targets");
        strings(f.targets());
        if (!f.policyMode().isEmpty()) {
          fo.key("Policy");
          Obj p = new Obj();
          p.str("Mode", f.policyMode(), true);
          p.end();
        }
        fo.end();
      });
      res.end();
      r.loadBalancer().ifPresent(lb -> {
        o.key("LoadBalancer");
        loadBalancer(lb);
      });
    }
    o.end();
  }

  private void serviceRoute(ServiceRoute r) {
    Obj o = new Obj();
    r.match().ifPresent(h -> {
      o.key("Match");
      Obj m = new Obj();
      m.key("HTTP");
      Obj http = new Obj();
      http.str("PathExact", h.pathExact(), true);
      http.str("PathPrefix", h.pathPrefix(), true);
      http.str("PathRegex", h.pathRegex(), true);
      http.bool("CaseInsensitive", h.caseInsensitive());
      if (!h.headers().isEmpty()) {
        http.key("Header");
        out.append('[');
        for (int i = 0; i < h.headers().size(); i++) {
          comma(i);
          HeaderMatch hm = h.headers().get(i);
          Obj x = new Obj();
          x.str("Name", hm.name(), false);
          x.bool("Present", hm.present());
          x.str("Exact", hm.exact(), true);
          x.str("Prefix", hm.prefix(), true);
          x.str("Suffix", hm.suffix(), true);
          x.str("Regex", hm.regex(), true);
          x.bool("Invert", hm.invert());
          x.end();
        }
        out.append(']');
      }
      if (!h.queryParams().isEmpty()) {
        http.key("QueryParam");
        out.append('[');
        for (int i = 0; i < h.queryParams().size(); i++) {
          comma(i);
          QueryParamMatch q = h.queryParams().get(i);
          Obj x = new Obj();
          x.str("Name", q.name(), false);
          x.bool("Present", q.present());
          x.str("Exact", q.exact(), true);
          x.str("Regex", q.regex(), true);
          x.end();
        }
        out.append(']');
      }
      if (!h.methods().isEmpty()) {
        http.key("Methods");
        strings(h.methods());
      }
      http.end();
      m.end();
    });
    r.destination().ifPresent(d -> {
      o.key("Destination");
      Obj x = new Obj();
      duration(x, "RequestTimeout", d.requestTimeout());
      duration(x, "IdleTimeout", d.idleTimeout());
      x.str("Service", d.service(), true);
      x.str("ServiceSubset", d.serviceSubset(), true);
      x.str("Namespace", d.namespace(), true);
      x.str("Partition", d.partition(), true);
      x.str("PrefixRewrite", d.prefixRewrite(), true);
      if (d.numRetries() != 0) {
        x.raw("NumRetries", Integer.toString(d.numRetries()));
      }
      x.bool("RetryOnConnectFailure", d.retryOnConnectFailure());
      if (!d.retryOn().isEmpty()) {
        x.key("RetryOn");
        strings(d.retryOn());
      }
      if (!d.retryOnStatusCodes().isEmpty()) {
        x.raw("RetryOnStatusCodes", d.retryOnStatusCodes().toString().replace(" ", ""));
      }
      modifiers(x, "RequestHeaders", d.requestHeaders());
      modifiers(x, "ResponseHeaders", d.responseHeaders());
      x.end();
    });
    o.end();
  }

  private void serviceSplit(ServiceSplit s) {
    Obj o = new Obj();
    o.raw("Weight", number(s.weight()));
    o.str("Service", s.service(), true);
    o.str("ServiceSubset", s.serviceSubset(), true);
    o.str("Namespace", s.namespace(), true);
    o.str("Partition", s.partition(), true);
    modifiers(o, "RequestHeaders", s.requestHeaders());
    modifiers(o, "ResponseHeaders", s.responseHeaders());
    o.end();
  }

  private void modifiers(Obj o, String name, HttpHeaderModifiers m) {
    if (m.isEmpty()) {
      return;
    }
    o.key(name);
    Obj x = new Obj();
    map(x, "Add", m.add());
    map(x, "Set", m.set());
    if (!m.remove().isEmpty()) {
      x.key("Remove");
      strings(m.remove());
    }
    x.end();
  }

  private void map(Obj o, String name, Map<String, String> m) {
    if (m.isEmpty()) {
      return;
    }
    o.key(name);
    Obj x = new Obj();
    for (Map.Entry<String, String> e : m.entrySet()) {
      x.str(e.getKey(), e.getValue(), false);
    }
    x.end();
  }

  private void loadBalancer(LoadBalancer lb) {
    Obj o = new Obj();
    o.str("Policy", lb.policy(), true);
    lb.ringHashConfig().ifPresent(rh -> {
      o.key("RingHashConfig");
      Obj x = new Obj();
      if (rh.minimumRingSize() != 0) {
        x.raw("MinimumRingSize", Long.toString(rh.minimumRingSize()));
      }
      if (rh.maximumRingSize() != 0) {
        x.raw("MaximumRingSize", Long.toString(rh.maximumRingSize()));
      }
      x.end();
    });
    lb.leastRequestConfig().ifPresent(lr -> {
      o.key("LeastRequestConfig");
      Obj x = new Obj();
      if (lr.choiceCount() != 0) {
        x.raw("ChoiceCount", Integer.toString(lr.choiceCount()));
      }
      x.end();
    });
    if (!lb.hashPolicies().isEmpty()) {
      o.key("HashPolicies");
      out.append('[');
      for (int i = 0; i < lb.hashPolicies().size(); i++) {
        comma(i);
        LoadBalancer.HashPolicy hp = lb.hashPolicies().get(i);
        Obj x = new Obj();
        x.str("Field", hp.field(), true);
        x.str("FieldValue", hp.fieldValue(), true);
        hp.cookieConfig().ifPresent(cc -> {
          x.key("CookieConfig");
          Obj y = new Obj();
          y.bool("Session", cc.session());
          if (!cc.ttl().isZero()) {
            y.raw("TTL", Long.toString(cc.ttl().toNanos()));
          }
          y.str("Path", cc.path(), true);
          y.end();
        });
        x.bool("SourceIP", hp.sourceIp());
        x.bool("Terminal", hp.terminal());
        x.end();
      }
      out.append(']');
    }
    o.end();
  }

  private void target(DiscoveryTarget t) {
    Obj o = new Obj();
    duration(o, "ConnectTimeout", t.connectTimeout());
    o.str("ID", t.id(), true);
    o.str("Service", t.service(), true);
    o.str("ServiceSubset", t.serviceSubset(), true);
    o.str("Namespace", t.namespace(), true);
    o.str("Partition", t.partition(), true);
    o.str("Datacenter", t.datacenter(), true);
    o.key("MeshGateway");
    Obj mg = new Obj();
    mg.str("Mode", t.meshGatewayMode() == MeshGatewayMode.DEFAULT ? "" : t.meshGatewayMode().wireName(), true);
    mg.end();
    o.key("Subset");
    Obj s = new Obj();
    s.str("Filter", t.subset().filter().source(), true);
    s.bool("OnlyPassing", t.subset().onlyPassing());
    s.end();
    o.key("TransparentProxy");
    new Obj().end();
    o.bool("External", t.external());
    o.str("SNI", t.sni(), true);
    o.str("Name", t.name(), true);
    o.end();
  }

  private void duration(Obj o, String name, Duration d) {
    if (!d.isZero()) {
      o.str(name, GoDuration.format(d), false);
    }
  }

  private void strings(List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      comma(i);
      quote(values.get(i));
    }
    out.append(']');
  }

  private void comma(int i) {
    if (i > 0) {
      out.append(',');
    }
  }

  static String number(float f) {
    return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** One JSON object being written: tracks the comma between members. */
  private final class Obj {
    private boolean first = true;

    Obj() {
      out.append('{');
    }

    void key(String name) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(name);
      out.append(':');
    }

    void str(String name, String value, boolean omitEmpty) {
      if (omitEmpty && value.isEmpty()) {
        return;
      }
      key(name);
      quote(value);
    }

    void bool(String name, boolean value) {
      if (value) {
        key(name);
        out.append("true");
      }
    }

    void raw(String name, String value) {
      key(name);
      out.append(value);
    }

    void end() {
      out.append('}');
    }
  }
}
