package org.modelrt.serving.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TraceContextTest {
  @Test
  void parsesTheSpecsExample() {
    TraceContext c = TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .orElseThrow();
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.traceId());
    assertEquals("00f067aa0ba902b7", c.parentId());
    assertTrue(c.sampled());
  }

  @Test
  void aLaterVersionMayAddFields() {
    assertTrue(TraceContext.fromTraceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-ever")
        .isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has exactly four fields
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
      "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // misplaced dash
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"})
  void refusesInvalidValues(String value) {
    assertFalse(TraceContext.fromTraceparent(value).isPresent(), value);
  }

  @Test
  void freshIdsAreValidAndDistinct() {
    String a = TraceContext.newTraceId();
    String b = TraceContext.newTraceId();
    assertNotEquals(a, b);
    assertTrue(TraceContext.fromTraceparent("00-" + a + "-00f067aa0ba902b7-01").isPresent(), a);
  }
}
