package org.modelrt.contract;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;

/**
 * Caller input as error details may quote it: bounded, so that a forged request (a 1 MB name, 10,000 inputs) cannot
 * make the server echo it back whole. A value keeps its first {@value #MAX_VALUE_CHARS} chars, then "..." and its
 * length; a list its first {@value #MAX_ITEMS} items, then "and N more"; a whole detail stays within
 * {@value #MAX_DETAIL_BYTES} bytes of UTF-8 (a gRPC status message travels in an HTTP/2 header). Control characters
 * become '?', so a quoted value cannot break a log line or a header. For every front: stateless and thread-safe.
 */
public final class Quoted {
  /** The most chars of one quoted value. */
  public static final int MAX_VALUE_CHARS = 200;
  /** The most items of a quoted list. */
  public static final int MAX_ITEMS = 10;
  /** The most UTF-8 bytes of a whole error detail: 1 KiB, where StatusMapper and TF Serving cut too. */
  public static final int MAX_DETAIL_BYTES = 1024;

  private Quoted() {}

  /** {@code value} as a detail may show it: cut to {@link #MAX_VALUE_CHARS} chars, control characters as '?'. */
  public static String value(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= MAX_VALUE_CHARS) {
      return printable(value);
    }
    int end = MAX_VALUE_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return printable(value.substring(0, end)) + "... (" + value.length() + " chars)";
  }

  /** {@code [a, b, ...]}: each item as {@link #value}, at most {@link #MAX_ITEMS}, then "... and N more". */
  public static String list(Collection<?> items) {
    StringBuilder out = new StringBuilder("[");
    Iterator<?> it = items.iterator();
    for (int i = 0; i < MAX_ITEMS && it.hasNext(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(value(String.valueOf(it.next())));
    }
    if (items.size() > MAX_ITEMS) {
      out.append(", ... and ").append(items.size() - MAX_ITEMS).append(" more");
    }
    return out.append(']').toString();
  }

  /**
   * A whole detail cut to {@link #MAX_DETAIL_BYTES} bytes of UTF-8 (ending in "..."), control characters as '?'.
   * The last guard: details built from {@link #value} and {@link #list} fit already.
   */
  public static String detail(String detail) {
    if (detail == null) {
      return null;
    }
    String printable = printable(detail);
    if (printable.length() * 3 <= MAX_DETAIL_BYTES
        || printable.getBytes(StandardCharsets.UTF_8).length <= MAX_DETAIL_BYTES) {
      return printable;
    }
    int budget = MAX_DETAIL_BYTES - 3;
    int end = 0;
    int bytes = 0;
    while (end < printable.length()) {
      int cp = printable.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return printable.substring(0, end) + "...";
  }

  private static String printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
      }
    }
    return s;
  }
}
