# The two commands of the README: `make sweep` (the offline main job) and `make test`.
.PHONY: setup test quicktest sweep export docs readme snapshot
setup:
	bash tools/setup.sh
test: setup
	.venv/bin/python -m pytest
quicktest: setup
	W2S_SKIP_FLAGS=slow,hub .venv/bin/python -m pytest
sweep: setup
	.venv/bin/w2s-sweep --preset offline $(SWEEP_FLAGS)
export: setup
	.venv/bin/nbdev_export && .venv/bin/nbdev_clean
docs: setup
	.venv/bin/python tools/docs.py build
readme: setup
	.venv/bin/python tools/docs.py readme
snapshot:
	.venv/bin/python tools/docs.py snapshot results
