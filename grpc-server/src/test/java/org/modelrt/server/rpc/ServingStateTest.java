package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.rpc.ServingState.Phase;
import org.modelrt.server.testing.FakeModel;

final class ServingStateTest {
  @AutoClose
  private static final FakeModel model = new FakeModel();

  @Test
  void listeners_seeTheCurrentStateAndEveryLaterOne_inOrder() {
    ServingState state = new ServingState("loading");
    List<Phase> seen = new ArrayList<>();
    state.addListener(s -> seen.add(s.phase()));

    state.serving(model, "serving");
    state.stopping("bye");

    assertEquals(List.of(Phase.LOADING, Phase.SERVING, Phase.STOPPING), seen);
  }

  @Test
  void requireModel_explainsWhyThereIsNone() {
    ServingState state = new ServingState("loading the model from /m");
    assertEquals("the model is not loaded yet (loading the model from /m)",
        assertThrows(NotReadyException.class, state::requireModel).getMessage());

    state.failed("bad contract");
    assertEquals("the model failed to load: bad contract",
        assertThrows(NotReadyException.class, state::requireModel).getMessage());
  }

  @Test
  void stopping_keepsTheModelForCallsInFlight_andHandsItToTheCallerToClose() {
    ServingState state = new ServingState("loading");
    state.serving(model, "serving");

    assertSame(model, state.stopping("bye"));
    assertSame(model, state.requireModel());
  }

  @Test
  void aModelReadyAfterStopping_isRefused_soItsLoaderClosesIt() {
    ServingState state = new ServingState("loading");
    assertNull(state.stopping("bye"));

    assertFalse(state.serving(model, "serving"));
    assertEquals(Phase.STOPPING, state.snapshot().phase());
    assertEquals("the server is shutting down",
        assertThrows(NotReadyException.class, state::requireModel).getMessage());
  }
}
