package org.modelrt.contract;

import java.util.HexFormat;

/** Hand-written golden bytes: hex with spaces between bytes and groups. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }
}
