package org.modelrt.serving.example;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.wire.example.Example;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.Input;

/**
 * An {@link Input} as the DT_STRING tensor [n] of serialized tf.Examples a classify or regress signature takes, as
 * TF Serving's {@code InputToSerializedExampleTensor} makes it: with a context, each entry is the context's bytes
 * followed by the example's, which protobuf parsing merges (the example's own features win on a shared key).
 * Stateless.
 */
final class ExampleInputs {
  private ExampleInputs() {}

  /**
   * @throws InvalidRequestException when the input holds no example
   */
  static TensorProto serialized(Input input) {
    List<ByteString> examples = new ArrayList<>();
    switch (input.getKindCase()) {
      case EXAMPLE_LIST -> input.getExampleList().getExamplesList().forEach(e -> examples.add(e.toByteString()));
      case EXAMPLE_LIST_WITH_CONTEXT -> {
        ByteString context = input.getExampleListWithContext().getContext().toByteString();
        for (Example e : input.getExampleListWithContext().getExamplesList()) {
          examples.add(context.concat(e.toByteString()));
        }
      }
      case KIND_NOT_SET -> { }
    }
    if (examples.isEmpty()) {
      throw new InvalidRequestException("Input is empty.");
    }
    return TensorProto.newBuilder()
        .setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(examples.size())))
        .addAllStringVal(examples)
        .build();
  }
}
