package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.ServingState.Phase;

final class ServingStateTest {

  @Test
  void listeners_seeTheCurrentStateAndEveryLaterOne_inOrder() {
    ServingState state = new ServingState("loading");
    List<Phase> seen = new ArrayList<>();
    state.addListener(s -> seen.add(s.phase()));

    state.serving("serving");
    state.loading("a new model");
    state.failed("broken");
    state.stopping("bye");

    assertEquals(List.of(Phase.LOADING, Phase.SERVING, Phase.LOADING, Phase.FAILED, Phase.STOPPING), seen);
  }

  @Test
  void theSameStateAgain_isNotAnnouncedTwice() {
    ServingState state = new ServingState("loading");
    List<Phase> seen = new ArrayList<>();
    state.addListener(s -> seen.add(s.phase()));

    state.serving("serving");
    state.serving("serving");

    assertEquals(List.of(Phase.LOADING, Phase.SERVING), seen);
  }

  @Test
  void stopping_isFinal() {
    ServingState state = new ServingState("loading");
    state.stopping("bye");

    state.serving("serving");
    state.failed("too late");
    state.loading("again");

    assertEquals(Phase.STOPPING, state.snapshot().phase());
    assertEquals("bye", state.snapshot().message());
    assertTrue(state.isStopping());
  }
}
