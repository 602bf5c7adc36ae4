#!/usr/bin/env bash
# Makes local stand-ins for the base images that Dockerfile.cpu and Dockerfile.gpu name, tagged with exactly those
# names, but only for names that `podman image exists` does not find: no registry can be reached here, and a real
# image that is present (pulled or loaded by someone) is always preferred.
#
# Each stand-in is Debian 12 (debootstrap minbase) made to look like the image it replaces:
#   eclipse-temurin:17-jre      Debian's OpenJDK 17 JRE, self-contained under /opt/java/openjdk, JAVA_HOME set
#   maven:3.9-eclipse-temurin-17  the same with the JDK, plus Maven 3.9.9 from Maven Central in /usr/share/maven
#   pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime
#                               libtorch 2.7.1 at the pip path of the real image, but the CPU build from Maven
#                               Central (no CUDA build can be had here); the GPU image is therefore built with
#                               PYTORCH_FLAVOR=cpu by the test. Every stand-in carries LABEL org.modelrt.standin.
# Slow steps (debootstrap, apt) are cached as rootfs tarballs in $CT_CACHE_DIR between runs on one machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SUITE=bookworm
# Bump when a stand-in's recipe changes: stand-ins of another revision are remade (real images are never touched).
STANDIN_REV=2
MAVEN_DIST_VERSION=3.9.9
LIBTORCH_VERSION=2.7.1
TORCH_LIB_DIR=/opt/conda/lib/python3.11/site-packages/torch/lib
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

debian_mirror() {
  local uri
  uri=$(grep -hsE '^(deb |URIs:)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
        | grep -oE 'https?://[^ ]+' | grep -v security | grep -E '/debian/?$' | head -1 || true)
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}

# rootfs_from TAR DIR: unpacks a cached rootfs tarball into DIR.
rootfs_from() { mkdir -p "$2" && tar -C "$2" -xf "$1"; }

# save_rootfs DIR TAR: writes DIR as TAR atomically (a killed run leaves no half tarball behind).
save_rootfs() { tar -C "$1" -cf "$2.tmp" . && mv "$2.tmp" "$2"; }

base_rootfs_tar() {
  local tar="$CT_CACHE_DIR/$SUITE-minbase.tar"
  if [[ ! -f "$tar" ]]; then
    local dir="$WORK/base"
    log "debootstrap $SUITE minbase from $(debian_mirror)"
    debootstrap --variant=minbase --include=passwd "$SUITE" "$dir" "$(debian_mirror)" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    save_rootfs "$dir" "$tar"
    rm -rf "$dir"
  fi
  printf '%s' "$tar"
}

# in_chroot DIR COMMAND: runs a shell command in DIR with /proc mounted and the host's DNS (Java postinst
# scripts need /proc); both are undone afterwards.
in_chroot() {
  local dir=$1 cmd=$2 rc=0
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  mount -t proc proc "$dir/proc"
  chroot "$dir" /bin/sh -ec "$cmd" >>"$WORK/chroot.log" 2>&1 || { rc=$?; tail -20 "$WORK/chroot.log" >&2; }
  umount "$dir/proc"
  : >"$dir/etc/resolv.conf"
  return $rc
}

# Installs a JDK/JRE package and makes it self-contained at /opt/java/openjdk like the temurin images, so that
# `COPY --from=<jre image> /opt/java/openjdk ...` works on a stand-in as it does on the real image.
install_java() {
  local dir=$1 package=$2
  in_chroot "$dir" "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $package >/dev/null
    mkdir -p /opt/java
    find /usr/lib/jvm/java-17-openjdk-amd64 -xtype l -delete
    cp -rL /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
    rm -rf /usr/lib/jvm/java-17-openjdk-amd64
    ln -s /opt/java/openjdk /usr/lib/jvm/java-17-openjdk-amd64
    apt-get clean
    rm -rf /var/lib/apt/lists/*"
}

maven_artifact() { # maven_artifact GAV OUTDIR: copies one artifact from Maven Central (or ~/.m2) to OUTDIR
  mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$2" -Dmdep.useBaseVersion=true >/dev/null
}

build_jre_rootfs() {
  local dir=$1
  rootfs_from "$(base_rootfs_tar)" "$dir"
  install_java "$dir" openjdk-17-jre-headless
}

build_maven_rootfs() {
  local dir=$1
  rootfs_from "$(base_rootfs_tar)" "$dir"
  install_java "$dir" openjdk-17-jdk-headless
  # The JDK trusts the system CA store, as Debian's does: a build can mount the host's /etc/ssl/certs (behind a
  # TLS-inspecting proxy Maven Central is only trusted through the host's CAs).
  ln -sf /etc/ssl/certs/java/cacerts "$dir/opt/java/openjdk/lib/security/cacerts"
  maven_artifact "org.apache.maven:apache-maven:$MAVEN_DIST_VERSION:tar.gz:bin" "$WORK/maven"
  mkdir -p "$dir/usr/share/maven"
  tar -C "$dir/usr/share/maven" --strip-components=1 -xzf "$WORK/maven/apache-maven-$MAVEN_DIST_VERSION-bin.tar.gz"
  ln -sf /usr/share/maven/bin/mvn "$dir/usr/bin/mvn"
}

build_pytorch_rootfs() {
  local dir=$1
  rootfs_from "$(base_rootfs_tar)" "$dir"
  maven_artifact "ai.djl.pytorch:pytorch-native-cpu:$LIBTORCH_VERSION:jar:linux-x86_64" "$WORK/libtorch"
  mkdir -p "$dir$TORCH_LIB_DIR" "$WORK/libtorch/x"
  (cd "$WORK/libtorch/x" && unzip -q ../pytorch-native-cpu-*.jar 'pytorch/cpu/linux-x86_64/*')
  cp "$WORK"/libtorch/x/pytorch/cpu/linux-x86_64/* "$dir$TORCH_LIB_DIR/"
  printf "__version__ = '%s+cpu'\n" "$LIBTORCH_VERSION" >"$dir${TORCH_LIB_DIR%/lib}/version.py"
  mkdir -p "$dir/workspace"
}

# standin NAME BUILDER CHANGES...: imports the rootfs that BUILDER makes (cached by name) as image NAME.
standin() {
  local name=$1 builder=$2; shift 2
  if podman image exists "$name"; then
    local rev made_here
    rev=$(image_label "$name" org.modelrt.standin.rev)
    made_here=$(image_label "$name" org.modelrt.standin)
    if [[ -z $made_here || $rev == "$STANDIN_REV" ]]; then
      log "base image present: $name${made_here:+ (stand-in rev $rev)}"
      return 0
    fi
    log "remaking $name: stand-in rev '$rev', this script makes rev $STANDIN_REV"
    podman untag "$name" "$name" >/dev/null
  fi
  local key tar dir
  key=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')
  tar="$CT_CACHE_DIR/standin-r$STANDIN_REV-$key.tar"
  if [[ ! -f "$tar" ]]; then
    dir="$WORK/$key"
    log "making the stand-in rootfs for $name"
    "$builder" "$dir"
    save_rootfs "$dir" "$tar"
    rm -rf "$dir"
    find "$CT_CACHE_DIR" -name "standin-*$key.tar" ! -name "${tar##*/}" -delete # other revisions' tarballs
  fi
  local changes=(--change "LABEL org.modelrt.standin=\"local stand-in for $name, made by container-test/standins.sh\""
                 --change "LABEL org.modelrt.standin.rev=$STANDIN_REV"
                 --change "ENV LANG=C.UTF-8")
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  podman import -q "${changes[@]}" "$tar" "$name" >/dev/null
  log "stand-in tagged: $name"
}

# The base image names, as the Dockerfiles' ARG defaults spell them.
dockerfile_image() { sed -n "s/^ARG $2=//p" "$REPO_ROOT/$1" | head -1; }

# Unmounts whatever a killed chroot step left mounted under $WORK before deleting it.
cleanup_work() {
  local mnt
  for mnt in $(awk -v w="$WORK/" 'index($2, w) == 1 {print $2}' /proc/mounts); do umount -l "$mnt" || true; done
  awk -v w="$WORK/" 'index($2, w) == 1 {found=1} END {exit !found}' /proc/mounts || rm -rf "$WORK"
}

main() {
  mkdir -p "$CT_CACHE_DIR"
  WORK=$(mktemp -d /var/tmp/modelrt-standins.XXXXXX)
  trap cleanup_work EXIT

  local jre maven pytorch
  jre=$(dockerfile_image Dockerfile.cpu JRE_IMAGE)
  maven=$(dockerfile_image Dockerfile.cpu MAVEN_IMAGE)
  pytorch=$(dockerfile_image Dockerfile.gpu PYTORCH_IMAGE)
  [[ -n "$jre" && -n "$maven" && -n "$pytorch" ]] || die "could not read the base image names from the Dockerfiles"
  [[ "$(dockerfile_image Dockerfile.gpu JRE_IMAGE)" == "$jre" && "$(dockerfile_image Dockerfile.gpu MAVEN_IMAGE)" == "$maven" ]] \
    || die "Dockerfile.cpu and Dockerfile.gpu name different JRE/Maven images; add stand-ins for both"

  local java_env=("ENV JAVA_HOME=/opt/java/openjdk" "ENV PATH=/opt/java/openjdk/bin:$BASE_PATH")
  standin "$jre" build_jre_rootfs "${java_env[@]}"
  standin "$maven" build_maven_rootfs "${java_env[@]}" "ENV MAVEN_HOME=/usr/share/maven" 'CMD ["mvn"]'
  standin "$pytorch" build_pytorch_rootfs \
    "ENV PATH=/opt/conda/bin:/usr/local/nvidia/bin:/usr/local/cuda/bin:$BASE_PATH" \
    "ENV NVIDIA_VISIBLE_DEVICES=all" "ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility" \
    "ENV LD_LIBRARY_PATH=/usr/local/nvidia/lib:/usr/local/nvidia/lib64" \
    "ENV PYTORCH_VERSION=$LIBTORCH_VERSION" "WORKDIR /workspace"
}

main "$@"
