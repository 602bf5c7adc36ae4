package org.modelrt.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorFlow's native log (stderr, in its own format: {@code I tensorflow/cc/saved_model/loader.cc:...}) at warnings
 * and up, unless {@code TF_CPP_MIN_LOG_LEVEL} is set: a clean start then prints none of its INFO lines (oneDNN
 * notes, CPU features, each SavedModel read). libtensorflow reads the variable with {@code getenv} when it first
 * logs, so it is set in the process's C environment (Java's own view of it is read-only) before the engine loads;
 * the launchers (Dockerfiles) set it too. Thread-safe and idempotent.
 */
final class NativeLogLevel {
  static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
  private static final Logger LOG = LoggerFactory.getLogger(NativeLogLevel.class);
  private static boolean applied;

  /** libc's setenv, through JNA (which DJL already loads). */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private NativeLogLevel() {}

  static synchronized void apply() {
    if (applied || System.getenv(VARIABLE) != null) {
      return;
    }
    applied = true;
    try {
      Native.load("c", LibC.class).setenv(VARIABLE, "1", 0);
    } catch (UnsatisfiedLinkError | RuntimeException e) { // not glibc/musl: TensorFlow then logs its INFO lines
      LOG.debug("cannot set {}: {}", VARIABLE, e.toString());
    }
  }
}
