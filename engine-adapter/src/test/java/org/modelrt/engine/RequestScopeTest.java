package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TestModels;

/** A request scope frees its inputs and the engine's outputs together; closing the model frees everything. */
final class RequestScopeTest {

  @ParameterizedTest
  @ValueSource(strings = {"pt_multiout", "onnx_multiout", "tf_twoin"})
  void closingTheScopeReleasesInputsAndOutputs(String fixture) throws Exception {
    FixtureCase c = TestModels.expected(fixture).cases().get(0);
    try (LoadedModel model = Fixtures.load(fixture)) {
      Signature signature = model.contract().defaultSignature().orElseThrow();
      List<NDArray> touched = new ArrayList<>();
      NDManager modelManager;
      try (NDManager scope = model.newRequestScope()) {
        modelManager = scope.getParentManager();
        NDList inputs = Fixtures.inputs(scope, signature, c.inputs());
        NDList outputs = model.predict(signature, inputs);
        touched.addAll(inputs);
        touched.addAll(outputs);
        assertEquals(touched.size(), scope.getManagedArrays().size(), "every array of the call is in the scope");
      }
      for (NDArray array : touched) {
        assertTrue(array.isReleased(), array.getName() + " released with the scope");
      }
      for (NDArray array : modelManager.getManagedArrays()) {
        assertFalse(touched.contains(array), "nothing of the call left in the model's manager");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "onnx_linear", "tf_linear"})
  void manyRequestsLeaveNoArrayBehind(String fixture) throws Exception {
    FixtureCase c = TestModels.expected(fixture).cases().get(1);
    try (LoadedModel model = Fixtures.load(fixture)) {
      Signature signature = model.contract().defaultSignature().orElseThrow();
      NDManager modelManager;
      try (NDManager probe = model.newRequestScope()) {
        modelManager = probe.getParentManager();
      }
      int atLoad = modelManager.getManagedArrays().size(); // the model's own weights, for PyTorch
      for (int i = 0; i < 500; i++) {
        try (NDManager scope = model.newRequestScope()) {
          model.predict(signature, Fixtures.inputs(scope, signature, c.inputs()));
        }
      }
      assertEquals(atLoad, modelManager.getManagedArrays().size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "onnx_linear", "tf_linear"})
  void closingTheModelClosesItsManagersAndOpenScopes(String fixture) throws Exception {
    LoadedModel model = Fixtures.load(fixture);
    NDManager openScope = model.newRequestScope();
    NDManager modelManager = openScope.getParentManager();
    model.close();
    assertFalse(openScope.isOpen(), "an open request scope is closed with the model");
    assertFalse(modelManager.isOpen(), "the model's manager is closed");
    model.close(); // closing twice is harmless
  }
}
