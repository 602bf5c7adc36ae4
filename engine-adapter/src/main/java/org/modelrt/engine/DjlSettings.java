package org.modelrt.engine;

/**
 * The process-wide DJL settings modelrt runs with, applied before any engine starts. A setting the user gave (system
 * property, or for offline mode also the {@code DJL_OFFLINE} environment variable) is left as it is.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: DJL never downloads (natives, model zoo, indexes) and sends no telemetry.
 *   <li>{@code OPT_OUT_TRACKING=true}: no telemetry even when offline mode is switched off.
 *   <li>{@code ai.djl.onnx.disable_alternative=true}: loading an ONNX model does not also start PyTorch (+110 MiB
 *       RSS, +400 ms).
 *   <li>{@code TF_CPP_MIN_LOG_LEVEL=1} in the C environment: TensorFlow's native INFO lines off ({@link
 *       NativeLogLevel}).
 * </ul>
 *
 * Thread-safe and idempotent.
 */
final class DjlSettings {
  static final String OFFLINE = "ai.djl.offline";
  static final String OFFLINE_ENV = "DJL_OFFLINE";
  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
  static final String ONNX_DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

  private DjlSettings() {}

  /** Applies the settings not already given. */
  static synchronized void apply() {
    if (System.getenv(OFFLINE_ENV) == null) {
      setIfAbsent(OFFLINE, "true");
    }
    if (System.getenv(OPT_OUT_TRACKING) == null) {
      setIfAbsent(OPT_OUT_TRACKING, "true");
    }
    setIfAbsent(ONNX_DISABLE_ALTERNATIVE, "true");
    NativeLogLevel.apply();
  }

  static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
