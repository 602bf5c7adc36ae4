/**
 * TF Serving's model repository, as configuration: which models, where their versions live, which versions to
 * serve. Pure and loader-free: nothing here loads, polls or keeps state; the registry calls these on each poll.
 *
 * <p>Public surface: {@link org.modelrt.serving.repository.ModelServerConfigs} turns {@code --model_config_file},
 * a reload request's {@code ModelServerConfig} or {@code --model_name}/{@code --model_base_path} into a {@link
 * org.modelrt.serving.repository.RepositoryConfig} of {@link org.modelrt.serving.repository.ConfiguredModel}s, or a
 * {@link org.modelrt.serving.repository.ModelConfigException}; {@link
 * org.modelrt.serving.repository.TfServingEnvironment} reads the Docker image's {@code MODEL_NAME}/{@code
 * MODEL_BASE_PATH}; {@link org.modelrt.serving.repository.TextProtoFiles} reads the text-format files (also {@code
 * BatchingParameters}); {@link org.modelrt.serving.repository.VersionDirectories} lists a base path into a {@link
 * org.modelrt.serving.repository.VersionScan}, and a {@link org.modelrt.serving.repository.VersionPolicy} picks
 * from it a {@link org.modelrt.serving.repository.VersionSelection}.
 *
 * <p>Every error message is one line naming the file (with line and column), flag or base path, what is wrong and
 * what was expected.
 */
package org.modelrt.serving.repository;
