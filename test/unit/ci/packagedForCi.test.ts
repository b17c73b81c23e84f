/**
 * The GitHub Action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml) are read as their runners
 * read them, and the commands they declare are run: the action's steps with bash in a fresh copy of the
 * package without dist/ (so the "build when missing" step really builds), each hook's entry on fixtures that
 * its `files` pattern selects. node_modules is linked, not installed: the test stays offline.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const REPO = join(__dirname, '..', '..', '..');

interface Step {
  name?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { using: string; steps: Step[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** The expressions a composite action's runner substitutes; anything else would be left unevaluated here. */
function evaluate(value: string, actionPath: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.action_path') return actionPath;
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    assert.ok(input, `unexpected expression in action.yml: ${expression}`);
    const name = input[1];
    assert.ok(name in action.inputs, `action.yml uses an undeclared input: ${name}`);
    return inputs[name] ?? action.inputs[name].default ?? '';
  });
}

function runStep(step: Step, actionPath: string, workspace: string, inputs: Record<string, string>) {
  assert.equal(step.shell, 'bash', `${step.name}: a composite run step names its shell`);
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [key, value] of Object.entries(step.env ?? {})) env[key] = evaluate(value, actionPath, inputs);
  return spawnSync('bash', ['-e', '-c', evaluate(step.run!, actionPath, inputs)], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

let actionPath: string;
let workspace: string;

before(() => {
  // A package folder as a checkout of the action has it: the tracked files (the working tree's version), no dist/.
  actionPath = mkdtempSync(join(tmpdir(), 'meeting-payloads-action-'));
  const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(tracked.status, 0, tracked.stderr);
  for (const file of tracked.stdout.split('\0')) {
    if (!file || file.startsWith('test/') || !existsSync(join(REPO, file))) continue;
    cpSync(join(REPO, file), join(actionPath, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(actionPath, 'node_modules'), 'dir');
  workspace = mkdtempSync(join(tmpdir(), 'meeting-payloads-workspace-'));
  mkdirSync(join(workspace, 'requests'));
  cpSync(join(REPO, 'examples'), join(workspace, 'requests'), { recursive: true });
});

after(() => {
  rmSync(actionPath, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
});

describe('action.yml', () => {
  it('is a composite action whose inputs reach the script only through the environment', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.runs.steps.length > 0);
    for (const step of action.runs.steps) {
      assert.equal(step.uses, undefined, 'no third-party action runs inside ours');
      assert.ok(step.run, `${step.name}: runs a command`);
      // An expression pasted into `run:` would be shell code chosen by whoever writes the input.
      assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: no expression inside run`);
    }
  });

  it('builds dist/cli.js when missing, then runs the command with annotations on the lines', () => {
    const [build, run] = action.runs.steps;
    assert.ok(build && run);
    assert.equal(existsSync(join(actionPath, 'dist', 'cli.js')), false);
    const built = runStep(build, actionPath, workspace, {});
    assert.equal(built.status, 0, built.stderr);
    assert.ok(existsSync(join(actionPath, 'dist', 'cli.js')), 'the build step made dist/cli.js');

    // A glob with ** and a second argument, separated by a new line, as a workflow's `args: |` gives them.
    const failing = runStep(run, actionPath, workspace, { args: "requests/**/*.meeting.json\n'$(touch pwned)'" });
    assert.equal(failing.status, 2, 'the quoted argument is a file name that does not exist, not a command');
    assert.equal(existsSync(join(workspace, 'pwned')), false);

    const result = runStep(run, actionPath, workspace, { args: 'requests/**/*.meeting.json' });
    assert.equal(result.status, 1, 'examples/broken.meeting.json has errors');
    assert.match(result.stdout, /^::error file=requests\/broken\.meeting\.json,line=\d+,col=\d+/m);
    assert.doesNotMatch(result.stdout, /file=requests\/huawei-update-vmr\.meeting\.json/);

    const valid = runStep(run, actionPath, workspace, {
      command: 'check-examples',
      args: join(actionPath, 'schemas', 'webex-meetings.openapi.json'),
      format: 'text',
    });
    assert.equal(valid.status, 0, valid.stdout + valid.stderr);
  });

  it('leaves an existing dist/cli.js alone', () => {
    const cli = join(actionPath, 'dist', 'cli.js');
    if (!existsSync(cli)) runStep(action.runs.steps[0], actionPath, workspace, {});
    const before = readFileSync(cli, 'utf8');
    const again = runStep(action.runs.steps[0], actionPath, workspace, {});
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(cli, 'utf8'), before);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares node hooks whose entry is the package bin, packed by npm pack', () => {
    const cli = join(actionPath, 'dist', 'cli.js');
    if (!existsSync(cli)) runStep(action.runs.steps[0], actionPath, workspace, {});
    assert.match(pkg.scripts.prepack ?? '', /build-cli\.mjs/, 'npm pack (how pre-commit installs a node hook) builds');
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: actionPath,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, packed.stderr);
    const files = (JSON.parse(packed.stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    assert.ok(files.includes('dist/cli.js'));
    assert.ok(files.includes('dist/cli/main.mjs'), 'the launcher imports dist/cli/main.mjs');
    for (const own of ['validate.cjs', 'validateWorker.cjs', 'validateReader.cjs']) {
      assert.ok(files.includes(`dist/cli/${own}`), `validate's own entry and threads: ${own}`);
    }
    assert.ok(files.includes('dist/bigDocuments.js'), "lsp --stdio's thread of big documents");
    assert.ok(files.includes('schemas/webex-meetings.openapi.json'));
    assert.ok(!files.some((f) => f.startsWith('server/') || f.startsWith('node_modules/')), files.join(', '));

    assert.equal(new Set(hooks.map((h) => h.id)).size, hooks.length);
    for (const hook of hooks) {
      assert.equal(hook.language, 'node', hook.id);
      const [bin] = hook.entry.split(' ');
      assert.equal(pkg.bin[bin], './dist/cli.js', `${hook.id}: ${bin} is the package's bin`);
    }
  });

  for (const [id, pick, expected] of [
    ['meeting-payloads-validate', (name: string) => name !== 'broken.meeting.json', 0],
    ['meeting-payloads-validate', () => true, 1],
    ['meeting-payloads-check-examples', () => true, 0],
  ] as const) {
    it(`${id} on the files its pattern selects exits ${expected}`, () => {
      const hook = hooks.find((h) => h.id === id);
      assert.ok(hook, id);
      const cli = join(actionPath, 'dist', 'cli.js');
      if (!existsSync(cli)) runStep(action.runs.steps[0], actionPath, workspace, {});
      const pattern = new RegExp(hook.files);
      const candidates = [
        ...readdirSync(join(REPO, 'examples')).map((f) => join('examples', f)),
        ...readdirSync(join(REPO, 'schemas')).map((f) => join('schemas', f)),
      ];
      const selected = candidates.filter((f) => pattern.test(f) && pick(f.split('/').pop()!));
      assert.ok(selected.length > 0, `${hook.files} selects some fixtures`);
      const args = [...hook.entry.split(' ').slice(1), ...selected];
      const result = spawnSync(process.execPath, [cli, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
      assert.equal(result.status, expected, result.stdout + result.stderr);
    });
  }
});

describe('README "Use in CI"', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use in CI'), readme.indexOf('## Development'));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as unknown);

  it('the workflow uses only the inputs action.yml declares', () => {
    const workflow = blocks[0] as { jobs: Record<string, { steps: { uses?: string; with?: object }[] }> };
    const ours = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((s) => /meeting-payloads@/.test(s.uses ?? '')),
    );
    assert.ok(ours.length > 0);
    for (const step of ours) {
      for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs, input);
      for (const [name, spec] of Object.entries(action.inputs)) {
        if (spec.required) assert.ok(name in (step.with ?? {}), `required input ${name}`);
      }
    }
  });

  it('the pre-commit configuration names hooks that exist', () => {
    const config = blocks[1] as { repos: { hooks: { id: string }[] }[] };
    const ids = config.repos.flatMap((r) => r.hooks.map((h) => h.id));
    assert.deepEqual(ids.sort(), hooks.map((h) => h.id).sort());
  });
});
