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
python -c "import torch" 2>/dev/null || pip install -q "torch==${W2S_TORCH_VERSION:-2.13.0}"
# Reinstall whenever pyproject.toml changed since the last install (a stamp in .venv records its hash).
stamp=.venv/.w2s-pyproject.sha256
if ! sha256sum -c --status "$stamp" 2>/dev/null; then
  pip install -q -e ".[dev]" && sha256sum pyproject.toml > "$stamp"
fi
# Debian data and the headless browser used by the docs test; only where we may install system packages.
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  [ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
  command -v chromium >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
