package org.modelrt.server.tls;

import java.io.IOException;
import java.util.List;

/** Where the TLS identity comes from: files read as they are now, then parsed into {@link TlsMaterial}. */
interface TlsSource {
  /** The current contents of every file, in a fixed order; compared to tell whether anything changed. */
  List<byte[]> read() throws IOException;

  /**
   * @throws IllegalArgumentException naming the flag and the file when the contents cannot be used
   */
  TlsMaterial parse(List<byte[]> contents);

  /** The flags and files, for log lines. */
  String describe();
}
