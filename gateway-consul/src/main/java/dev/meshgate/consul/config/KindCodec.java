package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.List;
import java.util.function.Supplier;

/**
 * How one config entry kind is read and written: its schema (every key Consul's struct has, with
 * Consul's aliases), the mapping of a decoded entry onto core's model through core's builders, and
 * the writing of a model as Consul's API JSON. Adding a kind is one subclass and one constant in
 * {@link ConfigEntryKind}.
 *
 * <p>Subclasses are stateless and thread-safe.
 *
 * @param <T> the model type
 */
abstract class KindCodec<T> {
  /** The kind as Consul spells it, e.g. {@code service-intentions}. */
  abstract String kind();

  /** The model type. */
  abstract Class<T> type();

  /** Every top-level key of the entry but {@code Kind}. */
  abstract Shape.Struct schema();

  /**
   * Maps a decoded entry onto the model, normalizing and validating as Consul does on write (core
   * does the validating). Problems go to {@code issues}; the result is null when there is any.
   */
  abstract T toModel(Doc entry, List<Issue> issues);

  /** Writes a (normalized) model as Consul's API JSON, without {@code Kind}. */
  abstract ObjectNode toJson(T model);

  /**
   * Returns the normalized entry of a valid decoded one. By default the model's JSON, which is
   * right for kinds whose model holds every field; kinds whose model holds a few facts normalize
   * the decoded tree itself so that nothing is lost.
   */
  ObjectNode normalized(Doc entry, T model) {
    return toJson(model);
  }

  /** Non-fatal findings about a valid model, in Consul's words where Consul has them. */
  List<String> warnings(T model) {
    return List.of();
  }

  /** The entry's name as written; kinds without a {@code Name} override this. */
  String name(Doc entry) {
    return entry.str("Name");
  }

  /**
   * Runs one mapping step that core may reject: a core builder's {@code build()} or a record's
   * constructor. Core's entry-level messages already carry Consul's field paths and are kept as they
   * are; a value-level rejection (an {@link IllegalArgumentException} from a record) is placed at
   * {@code path}.
   *
   * @return the value, or null when core rejected it
   */
  static <R> R attempt(Supplier<R> step, String path, List<Issue> issues) {
    try {
      return step.get();
    } catch (InvalidConfigEntryException e) {
      for (String message : e.errors()) {
        issues.add(new Issue("", message));
      }
      return null;
    } catch (IllegalArgumentException | IllegalStateException e) {
      issues.add(new Issue(path, e.getMessage()));
      return null;
    }
  }

  /** Writes a namespace or partition unless it is empty or {@code default}, as Consul CE omits it. */
  static String nonDefault(String value) {
    return ServiceName.DEFAULT.equals(value) ? "" : value;
  }

  /**
   * Writes a nested namespace or partition unless it is the one an omitted field inherits from
   * the entry; an explicit {@code default} under a non-default entry is written, or reading it
   * back would move the service into the entry's namespace.
   */
  static String unlessInherited(String value, String inherited) {
    return nonDefault(value).equals(nonDefault(inherited)) ? "" : value;
  }
}
