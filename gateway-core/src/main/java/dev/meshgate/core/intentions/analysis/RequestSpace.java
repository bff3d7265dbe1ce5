package dev.meshgate.core.intentions.analysis;

import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.HttpRequest;
import dev.meshgate.core.intentions.Intention;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionJwtClaimVerification;
import dev.meshgate.core.intentions.IntentionJwtProvider;
import dev.meshgate.core.intentions.IntentionJwtRequirement;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.IntentionSet;
import dev.meshgate.core.intentions.VerifiedJwt;
import dk.brics.automaton.Automaton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/*
 * The HTTP requests one (source, destination) pair can send, cut into cells on which every
 * condition of the intentions that govern the pair is constant.
 *
 * Each condition is an atom over one attribute: a path language (exact, prefix, translated regex,
 * all within the paths a request can carry after the query-string cut), a method list, a header
 * value language per header name (a header may also be absent), an issuer and a claim value per
 * claim path. The cells of an attribute are the non-empty Boolean combinations of its atoms,
 * found by splitting the whole space by one atom after the other; a request cell is one cell per
 * attribute. Because no atom changes value inside a cell, neither does any decision, so deciding
 * one member of each cell (the witness) decides them all, and the cells together cover every
 * request: that is what makes a diff complete.
 *
 * Decisions are computed here from the atoms, as a model of the evaluator; the caller runs the
 * evaluator on the witness and insists that both agree.
 */
final class RequestSpace {
  private static final int MAX_CELLS = 4096;
  private static final int MAX_CLAIM_ATOMS = 10;
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

  /** One set's view of the pair: the intentions that may decide, in evaluation order. */
  record Side(IntentionSet set, List<Intention> chain, DefaultPolicy policy) {
    Optional<String> issuer(String provider) {
      return set.jwtIssuer(provider);
    }
  }

  record Cell(String description, boolean[] in, String witness) {}

  record JwtCell(
      String description, String issuer, Map<String, Object> claims, Set<Integer> trueClaims, List<Integer> relevant,
      boolean other) {
    boolean none() {
      return issuer == null;
    }
  }

  record Claim(List<String> path, String value) {}

  /** A space with more cells than are enumerated: the answer for it is partial. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What one analysis computes once and reuses for every (caller, destination) pair: atom
   * languages by key, and the cells of an attribute by the list of its atom keys. Not thread-safe.
   */
  static final class Cache {
    final Map<String, Automaton> atoms = new java.util.HashMap<>();
    final Map<String, List<Cell>> cells = new java.util.HashMap<>();
  }

  private final List<Side> sides;
  private final Cache cache;
  private final IntentionHttpPermission query;

  private final Map<String, Integer> pathAtoms = new LinkedHashMap<>();
  private final List<Automaton> pathLanguages = new ArrayList<>();
  private final List<String> pathNames = new ArrayList<>();
  private final Set<String> methods = new LinkedHashSet<>();
  private final List<List<String>> methodLists = new ArrayList<>();
  private final Map<String, Map<String, Integer>> headerAtoms = new TreeMap<>();
  private final Map<String, List<Automaton>> headerLanguages = new TreeMap<>();
  private final Map<String, List<String>> headerNames = new TreeMap<>();
  private final Map<Claim, Integer> claimAtoms = new LinkedHashMap<>();
  private final Set<String> issuers = new LinkedHashSet<>();

  List<Cell> pathCells;
  List<Cell> methodCells;
  final Map<String, List<Cell>> headerCells = new TreeMap<>();
  List<JwtCell> jwtCells;

  /**
   * Collects the atoms of every side's chain and of the query, and cuts the space.
   *
   * @throws Languages.Untranslatable when a regex is outside the translated subset
   * @throws TooLarge when the space has too many cells to enumerate
   */
  RequestSpace(List<Side> sides, IntentionHttpPermission query, Cache cache) throws Languages.Untranslatable {
    this.sides = sides;
    this.query = query;
    this.cache = cache;
    for (Side side : sides) {
      for (Intention x : side.chain()) {
        jwtAtoms(side, x.jwt());
        for (IntentionPermission p : x.permissions()) {
          httpAtoms(p.http().orElseThrow());
          jwtAtoms(side, p.jwt());
        }
      }
    }
    if (query != null) {
      httpAtoms(query);
    }
    pathCells = cells("path", Languages.PATHS, pathLanguages, pathNames, true, "any path");
    methodCells = methodCells();
    for (String name : headerLanguages.keySet()) {
      List<Cell> cells = new ArrayList<>();
      cells.add(new Cell("absent", null, null));
      cells.addAll(cells("header", Languages.UNIVERSE, headerLanguages.get(name), headerNames.get(name), false,
          "present"));
      headerCells.put(name, cells);
    }
    jwtCells = jwtCells();
  }

  private void httpAtoms(IntentionHttpPermission http) throws Languages.Untranslatable {
    if (!http.pathExact().isEmpty()) {
      pathAtom("exact " + http.pathExact(), () -> Languages.exact(http.pathExact()));
    } else if (!http.pathPrefix().isEmpty()) {
      pathAtom("prefix " + http.pathPrefix(), () -> Languages.prefix(http.pathPrefix()));
    } else if (!http.pathRegex().isEmpty()) {
      pathAtom("regex " + http.pathRegex(), () -> regex("PathRegex", http.pathRegex()));
    }
    if (!http.methods().isEmpty()) {
      methods.addAll(http.methods());
      methodLists.add(http.methods());
    }
    for (IntentionHttpHeaderPermission h : http.header()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      Map<String, Integer> atoms = headerAtoms.computeIfAbsent(name, k -> new LinkedHashMap<>());
      headerLanguages.computeIfAbsent(name, k -> new ArrayList<>());
      headerNames.computeIfAbsent(name, k -> new ArrayList<>());
      String key = headerKey(h);
      if (key == null || atoms.containsKey(key)) {
        continue;
      }
      atoms.put(key, atoms.size());
      headerNames.get(name).add(key);
      headerLanguages.get(name).add(atom(key,
          () -> !h.exact().isEmpty() ? Languages.exact(h.exact())
              : !h.prefix().isEmpty() ? Languages.prefix(h.prefix())
              : !h.suffix().isEmpty() ? Languages.suffix(h.suffix())
              : regex("Header[" + h.name() + "].Regex", h.regex())));
    }
  }

  private static Automaton regex(String field, String regex) throws Languages.Untranslatable {
    try {
      return Languages.regex(regex);
    } catch (Languages.Untranslatable e) {
      throw new Languages.Untranslatable(field + " `" + regex + "`: " + e.getMessage());
    }
  }

  /** The atom a header condition tests on the value, or null for Present (any value). */
  private static String headerKey(IntentionHttpHeaderPermission h) {
    if (h.present()) {
      return null;
    }
    if (!h.exact().isEmpty()) {
      return "exact " + h.exact();
    }
    if (!h.prefix().isEmpty()) {
      return "prefix " + h.prefix();
    }
    if (!h.suffix().isEmpty()) {
      return "suffix " + h.suffix();
    }
    return "regex " + h.regex();
  }

  private interface Language {
    Automaton get() throws Languages.Untranslatable;
  }

  private void pathAtom(String key, Language language) throws Languages.Untranslatable {
    if (!pathAtoms.containsKey(key)) {
      pathAtoms.put(key, pathAtoms.size());
      pathLanguages.add(atom(key, language));
      pathNames.add(key);
    }
  }

  private Automaton atom(String key, Language language) throws Languages.Untranslatable {
    Automaton a = cache.atoms.get(key);
    if (a == null) {
      a = language.get();
      cache.atoms.put(key, a);
    }
    return a;
  }

  private List<Cell> cells(
      String attribute, Automaton universe, List<Automaton> atoms, List<String> names, boolean path, String whole) {
    String key = attribute + "\u0000" + String.join("\u0000", names);
    List<Cell> cells = cache.cells.get(key);
    if (cells == null) {
      cells = refine(universe, atoms, names, path, whole);
      cache.cells.put(key, cells);
    }
    return cells;
  }

  private void jwtAtoms(Side side, IntentionJwtRequirement requirement) {
    for (IntentionJwtProvider provider : requirement.providers()) {
      side.issuer(provider.name()).ifPresent(issuers::add);
      for (IntentionJwtClaimVerification c : provider.verifyClaims()) {
        claimAtoms.putIfAbsent(new Claim(c.path(), c.value()), claimAtoms.size());
      }
    }
  }

  private static List<Cell> refine(
      Automaton universe, List<Automaton> atoms, List<String> names, boolean path, String whole) {
    record Piece(Automaton language, boolean[] in) {}
    List<Piece> pieces = new ArrayList<>();
    pieces.add(new Piece(universe, new boolean[atoms.size()]));
    for (int k = 0; k < atoms.size(); k++) {
      List<Piece> next = new ArrayList<>();
      for (Piece p : pieces) {
        Automaton yes = Languages.minimal(p.language.intersection(atoms.get(k)));
        Automaton no = Languages.minimal(p.language.minus(atoms.get(k)));
        if (!yes.isEmpty()) {
          boolean[] in = p.in.clone();
          in[k] = true;
          next.add(new Piece(yes, in));
        }
        if (!no.isEmpty()) {
          next.add(new Piece(no, p.in));
        }
      }
      if (next.size() > MAX_CELLS) {
        throw new TooLarge("more than " + MAX_CELLS + " cells");
      }
      pieces = next;
    }
    List<Cell> cells = new ArrayList<>();
    for (Piece p : pieces) {
      List<String> parts = new ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        parts.add((p.in[k] ? "" : "not ") + names.get(k));
      }
      cells.add(new Cell(parts.isEmpty() ? whole : String.join(", ", parts), p.in, Languages.example(p.language, path)));
    }
    return cells;
  }

  private List<Cell> methodCells() {
    Map<String, List<String>> bySignature = new LinkedHashMap<>();
    for (String m : methods) {
      StringBuilder signature = new StringBuilder();
      for (List<String> list : methodLists) {
        signature.append(list.contains(m) ? '1' : '0');
      }
      bySignature.computeIfAbsent(signature.toString(), k -> new ArrayList<>()).add(m);
    }
    List<Cell> cells = new ArrayList<>();
    for (List<String> group : bySignature.values()) {
      cells.add(new Cell(String.join("|", group), null, group.get(0)));
    }
    String other = null;
    for (String m : METHODS) {
      if (!methods.contains(m)) {
        other = m;
        break;
      }
    }
    for (int n = 1; other == null; n++) {
      if (!methods.contains("X-OTHER-" + n)) {
        other = "X-OTHER-" + n;
      }
    }
    cells.add(new Cell(methods.isEmpty() ? "any method" : "any method but " + String.join(", ", methods), null, other));
    return cells;
  }

  private List<JwtCell> jwtCells() {
    List<JwtCell> cells = new ArrayList<>();
    boolean anyJwt = !issuers.isEmpty() || !claimAtoms.isEmpty() || requirementsPresent();
    if (!anyJwt) {
      cells.add(new JwtCell("any token", null, null, Set.of(), List.of(), false));
      return cells;
    }
    cells.add(new JwtCell("no token", null, null, Set.of(), List.of(), false));
    List<Claim> claims = new ArrayList<>(claimAtoms.keySet());
    for (String issuer : issuers) {
      List<Integer> relevant = new ArrayList<>();
      for (int k = 0; k < claims.size(); k++) {
        if (claimOfIssuer(claims.get(k), issuer)) {
          relevant.add(k);
        }
      }
      if (relevant.size() > MAX_CLAIM_ATOMS) {
        throw new TooLarge("more than " + MAX_CLAIM_ATOMS + " claim conditions for issuer " + issuer);
      }
      for (int mask = 0; mask < (1 << relevant.size()); mask++) {
        Set<Integer> trueClaims = new LinkedHashSet<>();
        List<String> parts = new ArrayList<>();
        for (int b = 0; b < relevant.size(); b++) {
          Claim c = claims.get(relevant.get(b));
          boolean on = (mask & (1 << b)) != 0;
          if (on) {
            trueClaims.add(relevant.get(b));
          }
          parts.add(String.join(".", c.path()) + (on ? " has " : " lacks ") + c.value());
        }
        Map<String, Object> built = claimsFor(claims, trueClaims);
        if (built == null) {
          continue; // no token can make exactly these claims hold
        }
        cells.add(new JwtCell("token from " + issuer + (parts.isEmpty() ? "" : " whose " + String.join(", ", parts)),
            issuer, built, trueClaims, relevant, false));
      }
    }
    String other = "https://other-issuer.invalid";
    for (int n = 1; issuers.contains(other); n++) {
      other = "https://other-issuer-" + n + ".invalid";
    }
    cells.add(new JwtCell(issuers.isEmpty() ? "any token" : "token from an issuer other than "
        + String.join(", ", issuers), other, Map.of(), Set.of(), List.of(), true));
    return cells;
  }

  private boolean requirementsPresent() {
    for (Side side : sides) {
      for (Intention x : side.chain()) {
        if (!x.jwt().isEmpty()) {
          return true;
        }
        for (IntentionPermission p : x.permissions()) {
          if (!p.jwt().isEmpty()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean claimOfIssuer(Claim claim, String issuer) {
    for (Side side : sides) {
      for (Intention x : side.chain()) {
        if (claimOfIssuer(side, x.jwt(), claim, issuer)) {
          return true;
        }
        for (IntentionPermission p : x.permissions()) {
          if (claimOfIssuer(side, p.jwt(), claim, issuer)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean claimOfIssuer(Side side, IntentionJwtRequirement r, Claim claim, String issuer) {
    for (IntentionJwtProvider provider : r.providers()) {
      if (side.issuer(provider.name()).map(issuer::equals).orElse(false)) {
        for (IntentionJwtClaimVerification c : provider.verifyClaims()) {
          if (c.path().equals(claim.path()) && c.value().equals(claim.value())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /*
   * The payload that makes exactly the claims in trueClaims hold (among those about this issuer):
   * at each path with true claims, the list of their values. Impossible when a path with true
   * claims lies inside another one (that one would have to be a list and an object at once), or is
   * empty (the payload itself is an object, never a string).
   */
  private static Map<String, Object> claimsFor(List<Claim> claims, Set<Integer> trueClaims) {
    Map<List<String>, List<String>> values = new LinkedHashMap<>();
    for (int k : trueClaims) {
      Claim c = claims.get(k);
      if (c.path().isEmpty()) {
        return null;
      }
      values.computeIfAbsent(c.path(), p -> new ArrayList<>()).add(c.value());
    }
    for (List<String> a : values.keySet()) {
      for (List<String> b : values.keySet()) {
        if (a.size() < b.size() && b.subList(0, a.size()).equals(a)) {
          return null;
        }
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<List<String>, List<String>> e : values.entrySet()) {
      Map<String, Object> at = root;
      List<String> path = e.getKey();
      for (int i = 0; i < path.size() - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) at.computeIfAbsent(path.get(i), k -> new LinkedHashMap<>());
        at = inner;
      }
      List<String> v = e.getValue();
      at.put(path.get(path.size() - 1), v.size() == 1 ? v.get(0) : List.copyOf(v));
    }
    return root;
  }

  /** A point of the space: one cell per attribute. */
  record Point(Cell path, Cell method, Map<String, Cell> headers, JwtCell jwt) {
    HttpRequest request() {
      HttpRequest.Builder b = HttpRequest.builder().method(method.witness()).path(path.witness());
      headers.forEach((name, cell) -> {
        if (cell.witness() != null) {
          b.header(name, cell.witness());
        }
      });
      if (!jwt.none()) {
        b.jwt(new VerifiedJwt(jwt.issuer(), jwt.claims()));
      }
      return b.build();
    }

    RequestClass.Http describe() {
      Map<String, String> h = new LinkedHashMap<>();
      headers.forEach((name, cell) -> h.put(name, cell.description()));
      return new RequestClass.Http(method.description(), path.description(), h, jwt.description());
    }
  }

  /** Calls the visitor with every point, in a stable order. */
  void forEach(java.util.function.Consumer<Point> visitor) {
    long count = (long) pathCells.size() * methodCells.size() * jwtCells.size();
    for (List<Cell> cells : headerCells.values()) {
      count *= cells.size();
      if (count > 1_000_000) {
        break;
      }
    }
    if (count > 1_000_000) {
      throw new TooLarge("more than 1000000 request classes");
    }
    List<String> names = new ArrayList<>(headerCells.keySet());
    for (Cell path : pathCells) {
      for (Cell method : methodCells) {
        for (JwtCell jwt : jwtCells) {
          headers(names, 0, new LinkedHashMap<>(), h -> visitor.accept(new Point(path, method, Map.copyOf(h), jwt)));
        }
      }
    }
  }

  private void headers(List<String> names, int at, Map<String, Cell> chosen,
      java.util.function.Consumer<Map<String, Cell>> visitor) {
    if (at == names.size()) {
      visitor.accept(chosen);
      return;
    }
    for (Cell c : headerCells.get(names.get(at))) {
      chosen.put(names.get(at), c);
      headers(names, at + 1, chosen, visitor);
    }
    chosen.remove(names.get(at));
  }

  /** Whether a request lies in a point's cells. */
  boolean contains(Point p, HttpRequest r) {
    if (!Languages.PATHS.run(r.path())) {
      return false;
    }
    for (int k = 0; k < pathLanguages.size(); k++) {
      if (pathLanguages.get(k).run(r.path()) != p.path().in()[k]) {
        return false;
      }
    }
    if (!methodSignature(r.method()).equals(methodSignature(p.method().witness()))) {
      return false;
    }
    for (Map.Entry<String, Cell> e : p.headers().entrySet()) {
      String v = r.headers().get(e.getKey());
      boolean[] in = e.getValue().in();
      if ((v == null) != (in == null)) {
        return false;
      }
      if (v != null) {
        if (!Languages.UNIVERSE.run(v)) {
          return false;
        }
        List<Automaton> languages = headerLanguages.get(e.getKey());
        for (int k = 0; k < languages.size(); k++) {
          if (languages.get(k).run(v) != in[k]) {
            return false;
          }
        }
      }
    }
    JwtCell cell = p.jwt();
    if (cell.none()) {
      return cell.description().equals("any token") || r.jwt().isEmpty();
    }
    if (r.jwt().isEmpty()) {
      return false;
    }
    VerifiedJwt token = r.jwt().get();
    if (cell.other()) {
      return !issuers.contains(token.issuer());
    }
    if (!token.issuer().equals(cell.issuer())) {
      return false;
    }
    List<Claim> claims = new ArrayList<>(claimAtoms.keySet());
    for (int k : cell.relevant()) {
      Claim c = claims.get(k);
      if (claimHolds(claimAt(token.claims(), c.path()), c.value()) != cell.trueClaims().contains(k)) {
        return false;
      }
    }
    return true;
  }

  private String methodSignature(String method) {
    StringBuilder signature = new StringBuilder();
    for (List<String> list : methodLists) {
      signature.append(list.contains(method) ? '1' : '0');
    }
    return signature.toString();
  }

  private static Object claimAt(Map<String, Object> claims, List<String> path) {
    Object current = claims;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return path.isEmpty() ? null : current;
  }

  private static boolean claimHolds(Object claim, String value) {
    if (claim instanceof String s) {
      return s.equals(value);
    }
    return claim instanceof List<?> list && list.contains(value);
  }

  /** Whether the query's conditions hold at a point; true without a query. */
  boolean queryHolds(Point p) {
    return query == null || matches(query, p);
  }

  /** The model's decision for an HTTP request at a point. */
  boolean allowed(Side side, Point p) {
    boolean fallThrough = side.set().fallsThrough();
    for (Intention x : side.chain()) {
      if (!x.jwt().isEmpty() && !satisfied(side, x.jwt(), p.jwt())) {
        if (!fallThrough) {
          return side.policy().allows();
        }
        continue;
      }
      if (!x.hasPermissions()) {
        return x.action().orElseThrow() == Action.ALLOW;
      }
      for (IntentionPermission perm : x.permissions()) {
        if (matches(perm.http().orElseThrow(), p) && (perm.jwt().isEmpty() || satisfied(side, perm.jwt(), p.jwt()))) {
          return perm.action().orElseThrow() == Action.ALLOW;
        }
      }
      if (!fallThrough) {
        return side.policy().allows();
      }
    }
    return side.policy().allows();
  }

  /**
   * Which permission of an intention decides a request at a point: its index, -1 when none
   * matches, -2 when the intention's JWT requirement is unmet.
   */
  int deciding(Side side, Intention x, Point p) {
    if (!x.jwt().isEmpty() && !satisfied(side, x.jwt(), p.jwt())) {
      return -2;
    }
    for (int i = 0; i < x.permissions().size(); i++) {
      IntentionPermission perm = x.permissions().get(i);
      if (matches(perm.http().orElseThrow(), p) && (perm.jwt().isEmpty() || satisfied(side, perm.jwt(), p.jwt()))) {
        return i;
      }
    }
    return -1;
  }

  private boolean matches(IntentionHttpPermission http, Point p) {
    String pathKey = !http.pathExact().isEmpty() ? "exact " + http.pathExact()
        : !http.pathPrefix().isEmpty() ? "prefix " + http.pathPrefix()
        : !http.pathRegex().isEmpty() ? "regex " + http.pathRegex() : null;
    if (pathKey != null && !p.path().in()[pathAtoms.get(pathKey)]) {
      return false;
    }
    if (!http.methods().isEmpty() && !http.methods().contains(p.method().witness())) {
      return false;
    }
    for (IntentionHttpHeaderPermission h : http.header()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      Cell cell = p.headers().get(name);
      boolean holds;
      if (cell.in() == null) {
        holds = h.present() && h.invert();
      } else {
        String key = headerKey(h);
        boolean m = key == null || cell.in()[headerAtoms.get(name).get(key)];
        holds = m != h.invert();
      }
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  private boolean satisfied(Side side, IntentionJwtRequirement r, JwtCell token) {
    if (token.none()) {
      return false;
    }
    for (IntentionJwtProvider provider : r.providers()) {
      Optional<String> issuer = side.issuer(provider.name());
      if (issuer.isEmpty() || !issuer.get().equals(token.issuer())) {
        continue;
      }
      boolean all = true;
      for (IntentionJwtClaimVerification c : provider.verifyClaims()) {
        if (!token.trueClaims().contains(claimAtoms.get(new Claim(c.path(), c.value())))) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
