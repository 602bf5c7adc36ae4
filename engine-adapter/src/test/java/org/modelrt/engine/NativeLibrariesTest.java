package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the natives folder beside modelrt's code, in the packaged and the build layouts. */
final class NativeLibrariesTest {
  @TempDir Path dir;

  private Path nativeTf(String base) throws IOException {
    Path tf = Files.createDirectories(dir.resolve(base).resolve("native/tensorflow"));
    Files.write(tf.resolve(NativeLibraries.TF_JNI), new byte[] {0});
    return tf;
  }

  @Test
  void packagedJarInLibFindsNativeBesideLib() throws Exception {
    Path tf = nativeTf("app");
    Path jar = Files.createDirectories(dir.resolve("app/lib")).resolve("engine-adapter-0.1.0.jar");
    assertEquals(Optional.of(tf), NativeLibraries.nativeDir(jar, "tensorflow", NativeLibraries.TF_JNI));
  }

  @Test
  void classesFolderOfTheBuildFindsTargetNative() throws Exception {
    Path tf = nativeTf("engine-adapter/target");
    Path classes = Files.createDirectories(dir.resolve("engine-adapter/target/classes"));
    assertEquals(Optional.of(tf), NativeLibraries.nativeDir(classes, "tensorflow", NativeLibraries.TF_JNI));
  }

  @Test
  void jarInTargetFindsTargetNative() throws Exception {
    Path tf = nativeTf("target");
    Path jar = dir.resolve("target/engine-adapter-0.1.0-SNAPSHOT.jar");
    assertEquals(Optional.of(tf), NativeLibraries.nativeDir(jar, "tensorflow", NativeLibraries.TF_JNI));
  }

  @Test
  void folderWithoutTheLibraryDoesNotCount() throws Exception {
    Files.createDirectories(dir.resolve("app/native/tensorflow"));
    Path jar = Files.createDirectories(dir.resolve("app/lib")).resolve("x.jar");
    assertEquals(Optional.empty(), NativeLibraries.nativeDir(jar, "tensorflow", NativeLibraries.TF_JNI));
  }

  @Test
  void theBuildsOwnTensorFlowNativesAreFoundFromTheseClasses() throws Exception {
    Path classes = Path.of(NativeLibraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path expected = classes.getParent().resolve("native/tensorflow");
    assertEquals(Optional.of(expected), NativeLibraries.nativeDir(classes, "tensorflow", NativeLibraries.TF_JNI));
  }
}
