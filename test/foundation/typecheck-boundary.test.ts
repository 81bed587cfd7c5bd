import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(repoRoot, '.test-output-typecheck-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Type-checks one file with exactly the renderer's compiler options (tsconfig.web.json). */
async function typecheckAsRenderer(fixture: string): Promise<{ ok: boolean; output: string }> {
  const config = path.join(scratch, `${path.basename(fixture)}.tsconfig.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(repoRoot, 'tsconfig.web.json'),
      include: [],
      files: [path.join(repoRoot, 'test/fixtures/typecheck-violation', fixture)],
    }),
  );
  try {
    const { stdout } = await run(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-p', config], { cwd: repoRoot });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout) };
  }
}

describe('process boundaries are enforced by the type checker', () => {
  it('rejects a renderer file that imports node:fs', async () => {
    const result = await typecheckAsRenderer('renderer-imports-node.ts');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/error TS\d+: Cannot find (module|name) 'node:fs'/);
  });

  it('accepts a renderer file that only uses the DOM (control)', async () => {
    const result = await typecheckAsRenderer('renderer-clean.ts');
    expect(result).toEqual({ ok: true, output: '' });
  });
});
