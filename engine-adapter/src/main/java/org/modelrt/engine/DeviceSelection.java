package org.modelrt.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the device a model runs on: the engine's first visible GPU when its natives were built with CUDA and a GPU
 * is visible (a GPU image narrows the choice with {@code CUDA_VISIBLE_DEVICES}), else the CPU. The CPU builds shipped
 * today always land on the CPU, with no GPU setting needed. Stateless.
 */
final class DeviceSelection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelection.class);
  private static final Map<String, Device> CHOSEN = new ConcurrentHashMap<>();

  private DeviceSelection() {}

  /** The device for {@code engine}, chosen and logged once per engine and process (probing CUDA is noisy). */
  static Device choose(Engine engine) {
    return CHOSEN.computeIfAbsent(engine.getEngineName(), name -> probe(engine));
  }

  private static Device probe(Engine engine) {
    Device device =
        engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    LOG.debug("{} {} runs on {}", engine.getEngineName(), engine.getVersion(), device);
    return device;
  }
}
