"""The environment the tests depend on, set before any test imports a library that reads it.

The notebooks arrange the hub access they test themselves (a local hub server, an address nobody answers, the
packaged models and data). Offline switches in the caller's shell would change what they see: huggingface_hub
reads HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) once, at import, and datasets reads HF_DATASETS_OFFLINE. So the
test session runs without them, whatever the shell holds; a run that needs one sets it itself.
"""
import os

CALLER_OFFLINE_SWITCHES = ('HF_HUB_OFFLINE', 'HF_DATASETS_OFFLINE', 'TRANSFORMERS_OFFLINE')
for name in CALLER_OFFLINE_SWITCHES: os.environ.pop(name, None)
