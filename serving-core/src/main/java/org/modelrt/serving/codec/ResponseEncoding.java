package org.modelrt.serving.codec;

import java.util.Locale;

/**
 * Where a response puts its numeric values. Typed {@code *_val} fields are what every Hydrosphere client reads
 * (hydrosdk ignores {@code tensor_content}); raw content is what fast TF Serving clients prefer. Strings are always
 * typed: they have no raw form.
 */
public enum ResponseEncoding {
  /** Always the typed {@code *_val} fields. */
  TYPED,
  /** Always {@code tensor_content} / {@code binary_val}. */
  CONTENT,
  /** Raw content when the request sent any input as raw content, typed otherwise (the default). */
  AS_REQUEST;

  /** Whether a response to a request that did ({@code requestUsedContent}) or did not use raw content uses it. */
  public boolean useContent(boolean requestUsedContent) {
    return this == CONTENT || (this == AS_REQUEST && requestUsedContent);
  }

  /** The flag value: {@code typed}, {@code content} or {@code as-request}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a flag value.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ResponseEncoding parse(String text) {
    for (ResponseEncoding e : values()) {
      if (e.flag().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a response encoding; use typed, content or as-request");
  }
}
