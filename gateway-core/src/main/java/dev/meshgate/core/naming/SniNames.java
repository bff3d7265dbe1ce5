package dev.meshgate.core.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Part checks and parsing behind {@link SniName}. */
final class SniNames {
  /** The longest DNS name, without a trailing dot. */
  static final int MAX_LENGTH = 253;

  private SniNames() {}

  static String orDefault(String value) {
    return value.isEmpty() ? SniName.DEFAULT : value;
  }

  static void requireName(String what, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + ": \"\" (expected: a non-empty name)");
    }
  }

  static void requireLabel(String what, String value) {
    requireName(what, value);
    if (value.indexOf('.') >= 0) {
      throw new IllegalArgumentException(
          what + ": " + SpiffeIds.quoteBounded(value) + " (expected: a single label without '.')");
    }
  }

  /*
   * Parsing works from the right: the trust domain (or DNS domain) is a known suffix, the label in
   * front of it names the form, and each form has a fixed number of single-label parts in front of
   * that. Whatever is left on the left is the service, query or node name, which may itself contain
   * dots. Only the optional subset label of the service form competes with a dotted service name,
   * so that is the one place where a name has several readings.
   */
  static List<SniName> parseAll(String sni, TrustDomain trustDomain, String dnsDomain) {
    String name = sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
    if (name.isEmpty()) {
      throw reject(sni, "a non-empty name");
    }
    if (name.length() > MAX_LENGTH) {
      throw reject(sni, "at most " + MAX_LENGTH + " characters, got " + name.length());
    }
    List<String> labels = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        if (i == start) {
          throw reject(sni, "no empty label; found one at index " + i);
        }
        labels.add(name.substring(start, i));
        start = i + 1;
        continue;
      }
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw reject(sni, "printable ASCII; found '" + TrustDomain.printable(c) + "' at index " + i);
      }
    }

    List<SniName> readings = new ArrayList<>(3);
    String why = null;
    int tdLabels = labelCount(trustDomain.value());
    if (labels.size() > tdLabels && endsWithLabels(name, trustDomain.value())) {
      why = trustDomainForms(labels.subList(0, labels.size() - tdLabels), trustDomain, readings);
    }
    String domain = dnsDomain.endsWith(".") ? dnsDomain.substring(0, dnsDomain.length() - 1) : dnsDomain;
    int domainLabels = labelCount(domain);
    if (!domain.isEmpty() && labels.size() > domainLabels && endsWithLabels(name, domain)) {
      serverForms(labels.subList(0, labels.size() - domainLabels), domain, readings);
      if (readings.isEmpty() && why == null) {
        why = "[<node>.]server.<dc>." + domain + " before the DNS domain";
      }
    }
    if (readings.isEmpty()) {
      throw reject(
          sni,
          why != null
              ? why
              : "a name ending in the trust domain \"" + trustDomain.value() + "\" or the DNS domain \"" + domain + "\"");
    }
    return List.copyOf(readings);
  }

  /** Adds the readings of {@code rest} (the labels before the trust domain); returns why none fit. */
  private static String trustDomainForms(List<String> rest, TrustDomain td, List<SniName> out) {
    String marker = rest.get(rest.size() - 1).toLowerCase(Locale.ROOT);
    List<String> parts = rest.subList(0, rest.size() - 1);
    int n = parts.size();
    switch (marker) {
      case "internal" -> {
        if (n == 1) {
          out.add(new SniName.Gateway("", parts.get(0), td));
        } else if (n >= 3) {
          serviceReadings(parts.subList(0, n - 2), parts.get(n - 2), "", parts.get(n - 1), td, out);
        } else {
          return "<dc>.internal.<td> or [<subset>.]<service>.<namespace>.<dc>.internal.<td>";
        }
      }
      case "internal-v1" -> {
        if (n >= 2 && SniName.DEFAULT.equals(parts.get(n - 2))) {
          return "a partition other than \"default\" in front of <dc>.internal-v1.<td>";
        }
        if (n == 2) {
          out.add(new SniName.Gateway(parts.get(0), parts.get(1), td));
        } else if (n >= 4) {
          serviceReadings(parts.subList(0, n - 3), parts.get(n - 3), parts.get(n - 2), parts.get(n - 1), td, out);
        } else {
          return "<partition>.<dc>.internal-v1.<td> or"
              + " [<subset>.]<service>.<namespace>.<partition>.<dc>.internal-v1.<td>";
        }
      }
      case "query" -> {
        if (n >= 3 && parts.get(n - 2).equalsIgnoreCase(SniName.DEFAULT)) {
          out.add(new SniName.Query(String.join(".", parts.subList(0, n - 2)), parts.get(n - 1), td));
        } else {
          return "<query>.default.<dc>.query.<td>";
        }
      }
      case "external" -> {
        if (n >= 4) {
          out.add(new SniName.PeeredService(
              String.join(".", parts.subList(0, n - 3)), parts.get(n - 3), parts.get(n - 2), parts.get(n - 1), td));
        } else {
          return "<service>.<namespace>.<partition>.<peer>.external.<td>";
        }
      }
      case "peering" -> {
        if (n == 2 && parts.get(0).equalsIgnoreCase("server")) {
          out.add(new SniName.PeeringServer(parts.get(1), td));
        } else {
          return "server.<dc>.peering.<td>";
        }
      }
      default -> {
        return "internal, internal-v1, query, external or peering in front of the trust domain \""
            + td.value() + "\"";
      }
    }
    return null;
  }

  private static void serviceReadings(
      List<String> head, String namespace, String partition, String datacenter, TrustDomain td, List<SniName> out) {
    String all = String.join(".", head);
    if (head.size() == 1) {
      out.add(new SniName.Service(all, "", namespace, partition, datacenter, td));
      return;
    }
    if (head.size() >= 3 && head.get(0).equalsIgnoreCase("destination")) {
      out.add(new SniName.Destination(
          head.get(1), String.join(".", head.subList(2, head.size())), namespace, partition, datacenter, td));
    }
    out.add(new SniName.Service(
        String.join(".", head.subList(1, head.size())), head.get(0), namespace, partition, datacenter, td));
    out.add(new SniName.Service(all, "", namespace, partition, datacenter, td));
  }

  private static void serverForms(List<String> rest, String domain, List<SniName> out) {
    int n = rest.size();
    if (n >= 2 && rest.get(n - 2).equalsIgnoreCase("server")) {
      out.add(new SniName.Server(String.join(".", rest.subList(0, n - 2)), rest.get(n - 1), domain));
    }
  }

  private static int labelCount(String name) {
    int count = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }

  private static boolean endsWithLabels(String name, String suffix) {
    int at = name.length() - suffix.length();
    return at > 0 && name.charAt(at - 1) == '.' && name.regionMatches(true, at, suffix, 0, suffix.length());
  }

  private static IllegalArgumentException reject(String input, String expected) {
    return new IllegalArgumentException("sni " + SpiffeIds.quoteBounded(input) + ": expected " + expected);
  }
}
