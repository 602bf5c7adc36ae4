package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.ModelBusyException;
import org.modelrt.serving.ServingException;

/** Each kind of failure gets its gRPC code, a short message and never a stack trace. */
final class StatusMapperTest {

  private static Status map(Throwable t) {
    return StatusMapper.status(t, "test");
  }

  @Test
  void callersFault_isInvalidArgument_withTheMessageAsIs() {
    Status s = map(new InvalidRequestException("input 'x': expected DT_FLOAT, got DT_INT32"));

    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertEquals("input 'x': expected DT_FLOAT, got DT_INT32", s.getDescription());
  }

  @Test
  void stateRefusals_haveTheirCodes() {
    assertEquals(Status.Code.UNAVAILABLE,
        map(new ServingException(ServingException.Code.UNAVAILABLE, "loading")).getCode());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED,
        map(new ServingException(ServingException.Code.RESOURCE_EXHAUSTED, "full")).getCode());
    assertEquals(Status.Code.NOT_FOUND,
        map(new ServingException(ServingException.Code.NOT_FOUND, "Servable not found")).getCode());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, map(new ModelBusyException("every predictor busy")).getCode());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, map(new OutOfMemoryError("Direct buffer memory")).getCode());
    assertEquals(Status.Code.UNIMPLEMENTED, map(Status.UNIMPLEMENTED.asRuntimeException()).getCode());
  }

  @Test
  void engineFailure_isInternal_withItsMessageAndItsCause() {
    Status s = map(new InferenceException("PyTorch failed on 'predict'", new RuntimeException("shape mismatch")));

    assertEquals(Status.Code.INTERNAL, s.getCode());
    assertEquals("inference failed: PyTorch failed on 'predict': shape mismatch", s.getDescription());
  }

  @Test
  void engineFailure_withATorchScriptTraceback_isInternal_withTheReasonOnOneLine() {
    String engine = """
        The following operation failed in the TorchScript interpreter.
        Traceback of TorchScript (most recent call last):
          File "code/__torch__/torch/nn/modules/linear.py", line 12, in forward
            weight = self.weight
            return torch.linear(input, weight, bias)
                   ~~~~~~~~~~~~ <--- HERE
        RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)
        """;
    Status s = map(new InferenceException("signature 'predict': the engine failed: " + engine,
        new RuntimeException(engine)));

    assertEquals(Status.Code.INTERNAL, s.getCode());
    assertEquals("inference failed: signature 'predict': the engine failed: RuntimeError: mat1 and mat2 shapes "
        + "cannot be multiplied (2x5 and 4x3)", s.getDescription());
  }

  @Test
  void anythingElse_isInternal_namedByItsClassWhenItHasNoMessage() {
    Status s = map(new NullPointerException());

    assertEquals(Status.Code.INTERNAL, s.getCode());
    assertEquals("internal error: NullPointerException", s.getDescription());
  }

  @Test
  void longMessages_areCutAtOneKibibyte() {
    Status s = map(new InvalidRequestException("x".repeat(5000)));

    assertEquals(ServingException.MAX_MESSAGE, s.getDescription().length());
    assertTrue(s.getDescription().endsWith("..."));
  }
}
