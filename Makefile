# The two commands of the README: `make sweep` (the offline main job) and `make test`.
.PHONY: setup test quicktest sweep export docs
setup:
	bash tools/setup.sh
test: setup
	.venv/bin/python -m pytest
quicktest: setup
	W2S_SKIP_FLAGS=slow,hub .venv/bin/python -m pytest
sweep: setup
	.venv/bin/w2s-sweep --preset offline
export: setup
	.venv/bin/nbdev_export && .venv/bin/nbdev_clean
