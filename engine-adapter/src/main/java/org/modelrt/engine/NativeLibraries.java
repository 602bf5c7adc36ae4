package org.modelrt.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points DJL at the native libraries shipped beside modelrt, so that nobody needs an environment variable.
 *
 * <p>TensorFlow's natives are unpacked at build time into {@code native/tensorflow} (DJL's own TF native jar for 0.36
 * is not on Maven Central). When neither the {@code TENSORFLOW_LIBRARY_PATH} environment variable nor the system
 * property is set, the folder is looked for beside the jar or classes folder holding this class: packaged,
 * {@code <app>/lib/engine-adapter-*.jar} -> {@code <app>/native/tensorflow}; in the build,
 * {@code engine-adapter/target/classes} or {@code target/engine-adapter-*.jar} -> {@code target/native/tensorflow}.
 * Found, it becomes the system property, which DJL reads like the variable. ONNX Runtime's natives work from its jar;
 * a {@code native/onnxruntime} folder found the same way is used through {@code onnxruntime.native.path} and saves
 * the unpacking into a temporary folder on every start. Thread-safe and idempotent.
 */
final class NativeLibraries {
  static final String TF_PATH = "TENSORFLOW_LIBRARY_PATH";
  static final String TF_JNI = "libjnitensorflow.so";
  static final String ORT_PATH = "onnxruntime.native.path";
  static final String ORT_LIB = "libonnxruntime.so";
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

  private NativeLibraries() {}

  /** Sets the library paths that are not set and can be found. */
  static synchronized void locate() {
    Optional<Path> codeLocation = codeLocation();
    if (System.getenv(TF_PATH) == null && System.getProperty(TF_PATH) == null) {
      codeLocation
          .flatMap(location -> nativeDir(location, "tensorflow", TF_JNI))
          .ifPresent(dir -> set(TF_PATH, dir));
    }
    if (System.getProperty(ORT_PATH) == null) {
      codeLocation
          .flatMap(location -> nativeDir(location, "onnxruntime", ORT_LIB))
          .ifPresent(dir -> set(ORT_PATH, dir));
    }
  }

  /** Where TensorFlow's natives are for this process, for messages; empty when nobody said. */
  static Optional<String> tensorflowPath() {
    String env = System.getenv(TF_PATH);
    return Optional.ofNullable(env != null ? env : System.getProperty(TF_PATH));
  }

  /**
   * The {@code native/<engine>} folder holding {@code marker} beside a code location, if there is one.
   *
   * @param codeLocation a jar file or a classes folder
   */
  static Optional<Path> nativeDir(Path codeLocation, String engine, String marker) {
    Path parent = codeLocation.toAbsolutePath().getParent();
    if (parent == null) {
      return Optional.empty();
    }
    Stream<Path> bases = Stream.of(parent, parent.getParent());
    return bases
        .filter(base -> base != null)
        .map(base -> base.resolve("native").resolve(engine))
        .filter(dir -> Files.isRegularFile(dir.resolve(marker)))
        .findFirst();
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = NativeLibraries.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      LOG.debug("cannot tell where modelrt's classes are; native folders not looked for", e);
      return Optional.empty();
    }
  }

  private static void set(String property, Path dir) {
    System.setProperty(property, dir.toString());
    LOG.debug("{}={} (found beside modelrt)", property, dir);
  }
}
