package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Unreadable model files are reported with the path once and the reason in words (tests run as root, so the
 * permission cases are the JDK's exceptions as it throws them, not real unreadable files). */
final class ModelLoadExceptionTest {
  private static final Path FILE = Path.of("/models/m/files/model.pt");

  @Test
  void accessDeniedSaysSo() {
    assertEquals("cannot list model directory /models/m/files/model.pt: permission denied",
        ModelLoadException.cannotRead("cannot list model directory", FILE,
            new AccessDeniedException(FILE.toString())).getMessage());
  }

  @Test
  void fileNotFoundExceptionsPathIsNotRepeated() {
    assertEquals("cannot read /models/m/files/model.pt: Permission denied", ModelLoadException.cannotRead(
        "cannot read", FILE, new FileNotFoundException(FILE + " (Permission denied)")).getMessage());
  }

  @Test
  void fileSystemReasonIsKept() {
    assertEquals("cannot read /models/m/files/model.pt: Too many levels of symbolic links",
        ModelLoadException.cannotRead("cannot read", FILE,
            new FileSystemException(FILE.toString(), null, "Too many levels of symbolic links")).getMessage());
    assertEquals("no such file or directory",
        ModelLoadException.reason(FILE, new NoSuchFileException(FILE.toString())));
  }
}
