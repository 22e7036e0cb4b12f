# The two commands of the README: `make sweep` (the offline main job) and `make test`.
.PHONY: setup test test-isa quicktest sweep sweep-finetune methods export docs readme outputs snapshot snapshot-finetune bench soak
setup:
	bash tools/setup.sh
test: setup
	.venv/bin/python -m pytest
# The notebook tests again with the math kernels of other CPUs (AVX2, then plain SSE): a comparison that holds only on
# the vector units of this machine fails here too (see the eval notebook on what is exact and what is close).
test-isa: setup
	ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2 .venv/bin/python -m pytest tests/test_notebooks.py
	ATEN_CPU_CAPABILITY=default MKL_ENABLE_INSTRUCTIONS=SSE4_2 DNNL_MAX_CPU_ISA=SSE41 .venv/bin/python -m pytest tests/test_notebooks.py
quicktest: setup
	W2S_SKIP_FLAGS=slow,hub .venv/bin/python -m pytest
sweep: setup
	.venv/bin/w2s-sweep --preset offline $(SWEEP_FLAGS)
# The same three models fine-tuned (their top two blocks, 150 steps a run; under 30 minutes on 2 idle cores)
sweep-finetune: setup
	.venv/bin/w2s-sweep --preset offline-finetune $(SWEEP_FLAGS)
# The methods since the paper on the offline ladder (about 7 minutes), then their summaries for the
# methods_compared notebook
methods: setup
	.venv/bin/python bench/methods_compared.py
	.venv/bin/python tools/docs.py snapshot results --sweep methods
# the package from the notebooks, and the module map in its __init__.py
export: setup
	.venv/bin/nbdev_export && .venv/bin/nbdev_clean && .venv/bin/python tools/docs.py init
docs: setup
	.venv/bin/python tools/docs.py build
readme: setup
	.venv/bin/python tools/docs.py readme
# The guide notebooks (index, tutorial, sweep, plotting, vision) run in full; their figures and tables stored in
# the committed notebooks, small, so that GitHub shows them (minutes: the tutorial and the sweep page train)
outputs: setup
	.venv/bin/python tools/docs.py outputs
# Benchmarks print numbers (never asserted in tests): speed against the original's algorithm, a sweep's overhead,
# gradient accumulation and probe features, and what the remaining differences from the original change.
bench: setup
	.venv/bin/python bench/bench_speed.py
	.venv/bin/python bench/bench_sweep.py
	.venv/bin/python bench/bench_train.py
snapshot:
	.venv/bin/python tools/docs.py snapshot results
snapshot-finetune:
	.venv/bin/python tools/docs.py snapshot results --sweep offline-finetune
# Resumability and concurrency under random kill -9 (minutes; not part of `make test` or `make bench`).
soak: setup
	.venv/bin/python bench/soak_kill.py --trials 20 --twins 3
