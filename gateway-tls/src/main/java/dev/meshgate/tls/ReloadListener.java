package dev.meshgate.tls;

import dev.meshgate.core.terminating.TlsMode;
import java.util.List;

/**
 * Hears what a {@link CertificateReloader} does. Every method has an empty default, so an
 * implementation overrides only what it needs. Methods run on the reloader's thread and should
 * return quickly; an exception they throw is logged and otherwise ignored. Implementations must
 * be thread-safe if they are shared between reloaders.
 */
public interface ReloadListener {
  /**
   * Changed files were loaded and new connections now use {@code context}.
   *
   * @param mode the watched mode
   * @param context the context now in use
   */
  default void onReloaded(TlsMode mode, OriginationContext context) {}

  /**
   * Changed files could not be used; the previous context stays in use.
   *
   * @param mode the watched mode
   * @param problem what is wrong, naming the file
   */
  default void onRejected(TlsMode mode, TlsMaterialException problem) {}

  /**
   * Material just loaded (at start or on reload) holds certificates that expire within the
   * reloader's warning horizon.
   *
   * @param mode the watched mode
   * @param warnings one per such certificate
   */
  default void onExpiringSoon(TlsMode mode, List<ExpiryWarning> warnings) {}
}
