package org.modelrt.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What a {@code .pt} file holds, read as the zip archive {@code torch.jit.save} writes, before libtorch sees it.
 *
 * <p>A TorchScript archive is {@code <root>/data.pkl} plus {@code <root>/code/} (the module's TorchScript source) and
 * {@code <root>/constants.pkl}; {@code torch.save} of an eager module writes {@code data.pkl} without {@code code/},
 * or (before torch 1.6) a bare pickle. Extra files are under {@code <root>/extra/}. Immutable once read.
 */
final class TorchScriptArchive {
  /** The extra file that describes the model's inputs and outputs (see {@link TorchScriptSignature}). */
  static final String SIGNATURE_FILE = "signature.json";

  private static final int PICKLE_PROTO = 0x80;
  private static final int LISTED_ENTRIES = 5;
  private static final String EXPORT_HINT =
      "export it with torch.jit.save(torch.jit.script(model), path) or torch.jit.save(torch.jit.trace(model,"
          + " example), path)";

  private final Path file;
  private final Optional<String> rootModuleSource;
  private final String rootClass;
  private final Optional<String> signatureJson;

  private TorchScriptArchive(
      Path file, String rootClass, Optional<String> rootModuleSource, Optional<String> signatureJson) {
    this.file = file;
    this.rootClass = rootClass;
    this.rootModuleSource = rootModuleSource;
    this.signatureJson = signatureJson;
  }

  /**
   * Reads the archive.
   *
   * @throws ModelLoadException when the file is not TorchScript: a pickled eager model (with the export hint), a
   *     zip of something else, not a zip, or unreadable
   */
  static TorchScriptArchive read(Path file) throws ModelLoadException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String root = rootFolder(zip);
      if (zip.getEntry(root + "constants.pkl") == null && !hasEntryUnder(zip, root + "code/")) {
        throw notTorchScript(file, zip, root);
      }
      Optional<String[]> module = rootModule(text(zip, root + "data.pkl").orElse(""));
      Optional<String> source =
          module.isPresent() ? text(zip, root + "code/" + module.get()[0].replace('.', '/') + ".py") : Optional.empty();
      String rootClass = module.map(m -> m[1]).orElse("");
      return new TorchScriptArchive(file, rootClass, source, text(zip, root + "extra/" + SIGNATURE_FILE));
    } catch (ZipException e) {
      throw notAZip(file);
    } catch (IOException e) {
      throw ModelLoadException.cannotRead("cannot read", file, e);
    }
  }

  /** The file that was read. */
  Path file() {
    return file;
  }

  /** The {@code signature.json} extra file, if the archive carries one. */
  Optional<String> signatureJson() {
    return signatureJson;
  }

  /** The root module's {@code forward} parameters, read from the archive's code; empty when it cannot be read. */
  Optional<ForwardSignature> forward() {
    return rootModuleSource.flatMap(source -> ForwardSignature.parse(source, rootClass));
  }

  /** A zip without TorchScript code: an eager model when it has torch.save's {@code data.pkl}, else something else. */
  private static ModelLoadException notTorchScript(Path file, ZipFile zip, String root) {
    if (zip.getEntry(root + "data.pkl") != null) {
      return new ModelLoadException(
          file + " is a pickled eager PyTorch model (torch.save), not TorchScript: " + EXPORT_HINT);
    }
    List<String> names = zip.stream().map(ZipEntry::getName).toList();
    String shown =
        names.stream().limit(LISTED_ENTRIES).collect(Collectors.joining(", "))
            + (names.size() > LISTED_ENTRIES ? ", ... " + names.size() + " in all" : "");
    return new ModelLoadException(
        file + " is not a TorchScript archive: a zip without " + root + "data.pkl, " + root + "constants.pkl or "
            + root + "code/; it holds [" + shown + "]");
  }

  private static ModelLoadException notAZip(Path file) {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      if (in.read() == PICKLE_PROTO) {
        return new ModelLoadException(
            file + " is a pickled PyTorch object (legacy torch.save format), not TorchScript: " + EXPORT_HINT);
      }
    } catch (IOException e) {
      return ModelLoadException.cannotRead("cannot read", file, e);
    }
    return new ModelLoadException(
        file + " is not a TorchScript archive (not a zip file; corrupt or another format)");
  }

  /** The archive's single top folder, with a trailing slash. */
  private static String rootFolder(ZipFile zip) throws ZipException {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    if (!entries.hasMoreElements()) {
      throw new ZipException("empty archive");
    }
    String first = entries.nextElement().getName();
    int slash = first.indexOf('/');
    return slash < 0 ? "" : first.substring(0, slash + 1);
  }

  private static boolean hasEntryUnder(ZipFile zip, String prefix) {
    return zip.stream().anyMatch(e -> e.getName().startsWith(prefix));
  }

  /**
   * The root module's qualified name as {module, class}: the first pickle GLOBAL of {@code data.pkl}, e.g.
   * {@code c__torch__.linear_module\nLinearModel\n}; empty when there is none (libtorch then has the last word).
   */
  private static Optional<String[]> rootModule(String dataPkl) {
    int start = dataPkl.indexOf("c__torch__");
    int moduleEnd = start < 0 ? -1 : dataPkl.indexOf('\n', start);
    int classEnd = moduleEnd < 0 ? -1 : dataPkl.indexOf('\n', moduleEnd + 1);
    if (classEnd < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new String[] {dataPkl.substring(start + 1, moduleEnd), dataPkl.substring(moduleEnd + 1, classEnd)});
  }

  /** An entry's bytes as ISO-8859-1 text (pickles are binary; the parts we read are ASCII). */
  private static Optional<String> text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return Optional.empty();
    }
    try (InputStream in = zip.getInputStream(entry)) {
      boolean isJson = name.endsWith(".json");
      return Optional.of(new String(in.readAllBytes(), isJson ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }
  }
}
