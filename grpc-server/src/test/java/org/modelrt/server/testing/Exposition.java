package org.modelrt.server.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4: every line must be a {@code # HELP}, a {@code # TYPE} or a
 * sample of the family its {@code # TYPE} announced (histogram samples as {@code _bucket} with {@code le},
 * {@code _sum}, {@code _count}; a counter's TYPE names its {@code _total} sample), names and label names as the format allows them, label
 * values correctly escaped, each family typed once, and each histogram's buckets cumulative up to
 * {@code le="+Inf"} = {@code _count}. Anything else fails the test with the offending line.
 */
public final class Exposition {
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?"
          + " (NaN|[+-]Inf|[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)(?: -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, Double> samples = new TreeMap<>();

  private Exposition() {}

  /** Parses {@code text}; fails with the line that breaks the format. */
  public static Exposition parse(String text) {
    Exposition e = new Exposition();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition does not end with a newline");
    }
    Set<String> typed = new HashSet<>();
    String family = null;
    String type = null;
    Map<String, Double> lastBucket = new HashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        continue;
      } else if ((m = TYPE.matcher(line)).matches()) {
        if (!typed.add(m.group(1))) {
          throw new AssertionError("line " + n + ": family typed twice: " + line);
        }
        family = m.group(1);
        type = m.group(2);
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        Map<String, String> labels = labels(m.group(2) == null ? "" : m.group(2), line);
        if (family == null || !belongs(name, family, type, labels)) {
          throw new AssertionError("line " + n + ": sample outside its family (" + family + ", " + type + "): " + line);
        }
        double value = value(m.group(3));
        String key = key(name, labels);
        if (e.samples.put(key, value) != null) {
          throw new AssertionError("line " + n + ": duplicate series: " + line);
        }
        if (name.endsWith("_bucket")) {
          labels.remove("le");
          String series = key(family, labels);
          Double before = lastBucket.put(series, value);
          if (before != null && before > value) {
            throw new AssertionError("line " + n + ": buckets not cumulative: " + line);
          }
        } else if (type.equals("histogram") && name.equals(family + "_count")) {
          Double inf = e.samples.get(key(family + "_bucket", with(labels, "le", "+Inf")));
          if (inf == null || inf != value) {
            throw new AssertionError("line " + n + ": _count differs from the +Inf bucket: " + line);
          }
        }
      } else {
        throw new AssertionError("line " + n + ": neither a sample nor a comment: '" + line + "'");
      }
    }
    return e;
  }

  /** The value of one series, by name and label pairs ({@code "model", "default", ...}); 0 when absent. */
  public double value(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.getOrDefault(key(name, labels), 0.0);
  }

  /** Whether any series of {@code name} is there. */
  public boolean has(String name) {
    return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
  }

  /** Every series name with its labels, for failure messages. */
  public List<String> series() {
    return List.copyOf(samples.keySet());
  }

  private static boolean belongs(String name, String family, String type, Map<String, String> labels) {
    return switch (type) {
      // 0.0.4 types a counter by its sample's name (the _total included)
      case "counter" -> name.equals(family);
      case "histogram" -> name.equals(family + "_bucket") && labels.containsKey("le")
          || name.equals(family + "_sum") || name.equals(family + "_count") || name.equals(family + "_created");
      case "summary" -> name.equals(family) && labels.containsKey("quantile") || name.equals(family + "_sum")
          || name.equals(family + "_count") || name.equals(family + "_created");
      default -> name.equals(family);
    };
  }

  private static Map<String, String> labels(String braces, String line) {
    Map<String, String> labels = new TreeMap<>();
    Matcher m = LABEL.matcher(braces);
    while (m.find()) {
      if (labels.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"))
          != null) {
        throw new AssertionError("duplicate label in: " + line);
      }
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> copy = new TreeMap<>(labels);
    copy.put(name, value);
    return copy;
  }

  private static String key(String name, Map<String, String> labels) {
    return labels.isEmpty() ? name : name + new TreeMap<>(labels);
  }
}
