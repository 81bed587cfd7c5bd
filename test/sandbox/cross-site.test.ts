/**
 * The control API refuses what a browser marks as cross-site (hoiio-api.md §7.9 revised, issue 10
 * fault 5): a foreign Origin, Sec-Fetch-Site other than same-origin/none, or a foreign Host (DNS
 * rebinding), with 403 and no state change; curl-like requests (no Origin, no Sec-Fetch-Site) and
 * the /open API are unaffected. Also `npm run sandbox -- --host 0.0.0.0`: loopback baseUrl on
 * stdout, bound addresses and a warning on stderr.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { api, control, request } from './helpers.ts';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.01 }); // for the whole file (helpers' start() closes after each test)
});
afterAll(async () => {
  await sandbox?.close();
});

const FORM_POST_BODY = 'balance=0&trial=true';

/** What the sandbox's state and account look like now (for no-change checks). */
async function snapshot(): Promise<string> {
  const [state, calls, notifications] = await Promise.all(
    ['state', 'calls', 'notifications'].map((path) => control(sandbox, 'GET', path)),
  );
  return JSON.stringify([state, calls, notifications]);
}

describe('control API against web pages', () => {
  const port = () => sandbox.port;
  const refused: [string, () => Record<string, string>][] = [
    [
      'a no-cors form POST from a page on another localhost port',
      () => ({ origin: `http://localhost:${port() + 1}`, 'sec-fetch-site': 'same-site' }),
    ],
    ['Origin of another site', () => ({ origin: 'https://evil.example' })],
    ['Origin null (sandboxed iframe, file:)', () => ({ origin: 'null' })],
    ['Sec-Fetch-Site cross-site without Origin', () => ({ 'sec-fetch-site': 'cross-site' })],
    ['Sec-Fetch-Site same-site', () => ({ 'sec-fetch-site': 'same-site' })],
    ['a DNS-rebound Host', () => ({ host: `evil.example:${port()}` })],
    ['a Host on another port', () => ({ host: `127.0.0.1:${port() + 1}` })],
  ];
  it.each(refused)('refuses %s with 403 and changes nothing', async (_name, headers) => {
    const before = await snapshot();
    for (const [method, path, body, type] of [
      ['POST', 'account', FORM_POST_BODY, 'application/x-www-form-urlencoded'],
      ['POST', 'account', '{"balance":"0","trial":true}', 'text/plain'],
      ['POST', 'reset', '', 'text/plain'],
      ['POST', 'faults', '{"endpoint":"voice/call","status":"error_internal_server_error"}', 'text/plain'],
      ['GET', 'state', undefined, undefined],
    ] as const) {
      const response = await request(`${sandbox.controlUrl}/${path}`, {
        method,
        headers: { ...headers(), ...(type ? { 'content-type': type } : {}) },
        body,
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ['no Origin or Sec-Fetch-Site (curl, SDKs)', {}],
    ['its own origin', { origin: 'ORIGIN', 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site none (typed in the address bar)', { 'sec-fetch-site': 'none' }],
    ['Host localhost:P', { host: 'localhost:PORT' }],
    ['Host [::1]:P', { host: '[::1]:PORT' }],
  ])('serves %s', async (_name, headers) => {
    const filled = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [
        key,
        value.replace('ORIGIN', new URL(sandbox.controlUrl).origin).replace('PORT', String(sandbox.port)),
      ]),
    );
    const response = await request(`${sandbox.controlUrl}/state`, { headers: filled });
    expect(response.status).toBe(200);
  });

  it('leaves /open alone: its requests carry the access token', async () => {
    expect((await api(sandbox, 'user/get_balance')).json.status).toBe('success_ok');
  });
});

describe('npm run sandbox -- --host 0.0.0.0', () => {
  it('prints a connectable loopback baseUrl on stdout and the bound addresses with a warning on stderr', async () => {
    const cli = fileURLToPath(new URL('../../src/sandbox/cli.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, '--host', '0.0.0.0', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const { baseUrl } = JSON.parse(line) as { baseUrl: string };
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open$/);
      const port = new URL(baseUrl).port;
      const state = await request(`${baseUrl.replace(/\/open$/, '/sandbox')}/state`);
      expect(state.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stderr).toMatch(/WARNING: bound to 0\.0\.0\.0[\s\S]*reachable from the network/);
      expect(stderr).toContain(`http://127.0.0.1:${port}/open`);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
