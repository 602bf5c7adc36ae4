package org.modelrt.serving.batching;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * One caller's rows of one output of a batch: a little-endian slice of a copy of the batch's output, which the caller
 * wraps in an array of its own request scope.
 *
 * @param data the rows' bytes
 * @param shape the caller's rows and the output's other dimensions
 * @param type the output's dtype
 * @param name the output's name
 */
record OutputRows(ByteBuffer data, Shape shape, DataType type, String name) {}
