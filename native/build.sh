#!/usr/bin/env bash
# Builds llama.cpp's shared libraries (libllama + libggml*) and llama-server from source at a pinned tag,
# for one backend, and installs them under ~/.helix/native/<backend>/<tag>/{lib,bin} with a build.json.
# See native/README.md for what it builds, how long it takes and how Helix uses the result.
set -euo pipefail

# The pinned tags. "current" is the llama.cpp that node-llama-cpp@3.22.1 ships (its llama/llama.cpp.info.json
# says tag v0.5.0; its git bundle's HEAD is the commit below). "b4980" is the one node-llama-cpp@3.7.0 ships,
# kept buildable for side-by-side figures against the jar's bundled library (b4916).
CURRENT_TAG="v0.5.0"
CURRENT_COMMIT="de3ff815ea7d559ee917f063901b8986f038abc6"
CURRENT_NPM="node-llama-cpp@3.22.1"
B4980_TAG="b4980"
B4980_COMMIT="a97dd0e3e54f266967ff7e9e9b36164b9d1074aa"
B4980_NPM="node-llama-cpp@3.7.0"
UPSTREAM="https://github.com/ggml-org/llama.cpp"
TARGETS=(llama llama-server llama-simple)

usage() {
  cat <<'EOF'
Usage: native/build.sh [options]
  --backend cpu|cuda|metal  what to build for (default: cpu, host-tuned with GGML_NATIVE)
  --tag current|b4980       which pinned llama.cpp (default: current)
  --jobs N                  parallel compile jobs (default: all CPUs)
  --prefix DIR              install root (default: ~/.helix/native); installs to DIR/<backend>/<tag>
  --source DIR              use an existing llama.cpp checkout instead of fetching one
  --force                   rebuild even when the same build is installed
  --dry-run                 print the source, cmake and install steps without running them
  -h, --help                this text
EOF
}

die() { echo "build.sh: $*" >&2; exit 2; }

backend="cpu"
tag="current"
jobs=""
prefix="${HOME}/.helix/native"
source_dir=""
force=0
dry_run=0

while (($# > 0)); do
  case "$1" in
    --backend) backend="${2:?--backend needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs a value}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a value}"; shift 2 ;;
    --source) source_dir="${2:?--source needs a value}"; shift 2 ;;
    --force) force=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

case "$tag" in
  current) git_tag="$CURRENT_TAG"; commit="$CURRENT_COMMIT"; npm_pkg="$CURRENT_NPM" ;;
  b4980) git_tag="$B4980_TAG"; commit="$B4980_COMMIT"; npm_pkg="$B4980_NPM" ;;
  *) die "unknown --tag '$tag' (current or b4980)" ;;
esac

os="$(uname -s)"
flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF
  -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON)
if [[ "$os" == Darwin ]]; then
  flags+=("-DCMAKE_INSTALL_RPATH=@loader_path/../lib;@loader_path")
else
  flags+=("-DCMAKE_INSTALL_RPATH=\$ORIGIN/../lib;\$ORIGIN")
fi
case "$backend" in
  cpu) flags+=(-DGGML_NATIVE=ON -DGGML_CUDA=OFF -DGGML_METAL=OFF) ;;
  cuda)
    [[ "$os" == Linux || $dry_run == 1 ]] || die "--backend cuda is for Linux (on Windows use CMake with -DGGML_CUDA=ON, see README)"
    flags+=(-DGGML_NATIVE=ON -DGGML_CUDA=ON -DGGML_METAL=OFF) ;;
  metal)
    [[ "$os" == Darwin || $dry_run == 1 ]] || die "--backend metal is for macOS"
    flags+=(-DGGML_NATIVE=ON -DGGML_METAL=ON -DGGML_METAL_EMBED_LIBRARY=ON) ;;
  *) die "unknown --backend '$backend' (cpu, cuda or metal)" ;;
esac
if [[ -z "$jobs" ]]; then
  jobs="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
fi

dest="${prefix}/${backend}/${tag}"
work="${prefix}/.work"
build_dir="${work}/build-${backend}-${tag}"

cmake_line() { printf '%q ' cmake -S "$1" -B "$build_dir" -G Ninja "${flags[@]}"; echo; }

if ((dry_run)); then
  echo "# backend=$backend tag=$tag ($git_tag, commit $commit)"
  if [[ -n "$source_dir" ]]; then
    echo "source: $source_dir"
  else
    echo "source: git clone --depth 1 --branch $git_tag $UPSTREAM (else: npm pack $npm_pkg; git clone package/llama/gitRelease.bundle)"
  fi
  cmake_line "${source_dir:-${work}/src-${tag}}"
  printf '%q ' cmake --build "$build_dir" --config Release -j "$jobs" --target "${TARGETS[@]}"; echo
  echo "install: $dest/lib (libllama, libggml*, their companions) and $dest/bin (llama-server, llama-simple), $dest/build.json"
  exit 0
fi

command -v cmake >/dev/null || die "cmake is required"
command -v ninja >/dev/null || die "ninja is required (apt-get install ninja-build / brew install ninja)"
command -v git >/dev/null || die "git is required"
if [[ "$backend" == cuda ]]; then command -v nvcc >/dev/null || die "nvcc (CUDA toolkit) is required for --backend cuda"; fi

flags_text="${flags[*]}"
if ((!force)) && [[ -f "$dest/build.json" ]] \
  && grep -q "\"commit\": \"$commit\"" "$dest/build.json" \
  && grep -qF "\"flags\": \"$flags_text\"" "$dest/build.json"; then
  echo "Already built: $dest (same commit and flags; --force rebuilds)"
else
  mkdir -p "$work"
  if [[ -n "$source_dir" ]]; then
    src="$(cd "$source_dir" && pwd)"
  else
    src="${work}/src-${tag}"
    if [[ ! -d "$src/.git" ]] || [[ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" != "$commit" ]]; then
      rm -rf "$src"
      if timeout 30 git ls-remote --exit-code --tags "$UPSTREAM" "$git_tag" >/dev/null 2>&1; then
        echo "Fetching llama.cpp $git_tag from $UPSTREAM"
        git clone -q --depth 1 --branch "$git_tag" "$UPSTREAM" "$src"
      else
        command -v npm >/dev/null || die "$UPSTREAM is unreachable and npm is missing: pass --source DIR"
        echo "$UPSTREAM unreachable; taking llama.cpp $git_tag from the git bundle in $npm_pkg"
        pack="${work}/npm-${tag}"
        rm -rf "$pack"; mkdir -p "$pack"
        (cd "$pack" && npm pack --silent "$npm_pkg" >/dev/null && tar xzf ./*.tgz)
        git clone -q "$pack/package/llama/gitRelease.bundle" "$src"
        rm -rf "$pack"
      fi
    fi
  fi
  got="$(git -C "$src" rev-parse HEAD 2>/dev/null || echo unknown)"
  if [[ -z "$source_dir" && "$got" != "$commit" ]]; then
    echo "note: $git_tag upstream is commit $got; the npm bundle's is $commit" >&2
  fi
  commit="$got"

  start=$(date +%s)
  cmake -S "$src" -B "$build_dir" -G Ninja "${flags[@]}" >"$work/cmake-${backend}-${tag}.log"
  cmake --build "$build_dir" --config Release -j "$jobs" --target "${TARGETS[@]}"
  seconds=$(($(date +%s) - start))

  rm -rf "$dest"
  mkdir -p "$dest/lib" "$dest/bin"
  shopt -s nullglob
  for lib in "$build_dir"/bin/*.so* "$build_dir"/bin/*.dylib; do cp -P "$lib" "$dest/lib/"; done
  shopt -u nullglob
  cp "$build_dir/bin/llama-server" "$build_dir/bin/llama-simple" "$dest/bin/"

  cache() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }
  compiler="$("$(cache CMAKE_CXX_COMPILER)" --version | head -n 1)"
  cat >"$dest/build.json" <<EOF
{
  "tag": "$git_tag",
  "commit": "$commit",
  "backend": "$backend",
  "flags": "$flags_text",
  "compiler": "$compiler",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "build_seconds": $seconds,
  "jobs": $jobs,
  "host": "$(uname -sm)",
  "cmake": {
    "CMAKE_BUILD_TYPE": "$(cache CMAKE_BUILD_TYPE)",
    "GGML_NATIVE": "$(cache GGML_NATIVE)",
    "GGML_CUDA": "$(cache GGML_CUDA)",
    "GGML_METAL": "$(cache GGML_METAL)",
    "CMAKE_CUDA_ARCHITECTURES": "$(cache CMAKE_CUDA_ARCHITECTURES)",
    "CMAKE_C_FLAGS_RELEASE": "$(cache CMAKE_C_FLAGS_RELEASE)"
  }
}
EOF
  echo "Built llama.cpp $git_tag ($commit) for $backend in ${seconds}s: $dest"
fi

lib_name="libllama.so"
[[ "$os" == Darwin ]] && lib_name="libllama.dylib"
echo "Point Helix at it: export HELIX_NATIVE_DIR=$dest   # library: $dest/lib/$lib_name"
