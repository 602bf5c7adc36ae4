package org.modelrt.engine;

import java.util.Optional;

/**
 * The engine refused the caller's inputs: the caller's error (INVALID_ARGUMENT), not ours. Raised only where the
 * engine itself says so, or where an input broke the shape the model declares (docs/engines.md, "Inputs the engine
 * refuses"); every other engine failure stays an {@link InferenceException}.
 */
public final class InputRefusedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** An input whose shape is not the one the model declares: its name and both shapes, formatted as {@code [2,5]}. */
  public record Offender(String input, String received, String declared) {}

  private final transient Offender offender;
  private final String reason;

  /**
   * @param offender the input off its declared shape, or null
   * @param reason the engine's own message
   */
  public InputRefusedException(String message, Throwable cause, Offender offender, String reason) {
    super(message, cause);
    this.offender = offender;
    this.reason = reason;
  }

  /** The input that broke the model's declared shape, when one did. */
  public Optional<Offender> offender() {
    return Optional.ofNullable(offender);
  }

  /** The engine's own reason, as it gave it (it may span lines; clean it before showing it). */
  public String reason() {
    return reason;
  }
}
