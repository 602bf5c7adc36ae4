package org.modelrt.serving;

/**
 * Where one version of a model stands, with TF Serving's names and order ({@code ModelVersionStatus.State}): seen,
 * loading (and warming up), taking calls, draining before it is unloaded, gone (unloaded, or failed to load).
 */
public enum VersionState {
  START,
  LOADING,
  AVAILABLE,
  UNLOADING,
  END
}
