import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Lints `code` as if it were the file at `relativePath`, with the project's eslint.config.js.
 * Type-aware rules are switched off: the file is virtual, so no TypeScript project holds it.
 */
async function lintAs(relativePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
        '@typescript-eslint/no-unused-vars': 'off',
      },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('process boundaries are enforced by lint', () => {
  it('the renderer may not import the core', async () => {
    const messages = await lintAs(
      'src/renderer/src/probe.ts',
      "import { createCore } from '../../main/core/index.ts';\nexport const x = createCore;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*through window\.hoiio/);
  });

  it('the core may not import electron', async () => {
    const messages = await lintAs('src/main/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*plain Node/);
  });

  it('shared code may use neither Node nor the DOM', async () => {
    const node = await lintAs(
      'src/shared/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(node.join('\n')).toMatch(/no-restricted-imports: .*free of Node APIs/);
    const globals = await lintAs('src/shared/probe.ts', 'export const x = [process.env, document.title];\n');
    expect(globals.join('\n')).toMatch(/no-restricted-globals: .*no Node globals/);
    expect(globals.join('\n')).toMatch(/no-restricted-globals: .*no DOM/);
  });

  it('the preload may not import zod or the contract (values), but may import its types and the channel list', async () => {
    const zod = await lintAs('src/preload/probe.ts', "import { z } from 'zod';\nexport const x = z;\n");
    expect(zod.join('\n')).toMatch(/no-restricted-imports: .*no schemas/);
    const contract = await lintAs(
      'src/preload/probe.ts',
      "import { contract } from '../shared/contract.ts';\nexport const x = contract;\n",
    );
    expect(contract.join('\n')).toMatch(/no-restricted-imports: .*only from src\/shared\/channels\.ts/);
    const allowed = await lintAs(
      'src/preload/probe.ts',
      "import type { HoiioBridge } from '../shared/contract.ts';\nimport { OPERATION_CHANNELS } from '../shared/channels.ts';\nexport const x: HoiioBridge | readonly string[] = OPERATION_CHANNELS;\n",
    );
    expect(allowed).toEqual([]);
  });
});
