/** The CLI (`npm run sandbox -- <flags>`, i.e. `node src/sandbox/cli.ts`): hoiio-api.md §7.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/sandbox/options.ts';
import { form, request } from './helpers.ts';

const CLI = fileURLToPath(new URL('../../src/sandbox/cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    const check = () => {
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve(stdout.slice(0, newline));
    };
    child.stdout!.on('data', check);
    void finished.then((f) => reject(new Error(`exited ${f.code} before printing: ${f.stderr}`)));
  });
  firstLine.catch(() => undefined); // only some tests wait for it
  return { child, finished, firstLine };
}

async function runToExit(args: string[]): Promise<Finished> {
  return spawnCli(args).finished;
}

describe('sandbox CLI', () => {
  it('prints exactly one JSON line on stdout, serves the API, and exits 0 on SIGTERM', async () => {
    const { child, firstLine, finished } = spawnCli(['--time-scale', '0.01']);
    const line = await firstLine;
    const info = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(info)).toEqual(['baseUrl', 'appId', 'accessToken', 'registeredNumber']);
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open$/);
    expect(info.appId).toBe('sandbox-app');
    expect(info.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(info.registeredNumber).toBe('+6591234567');

    const creds = form({ app_id: info.appId, access_token: info.accessToken });
    const call = await request(`${info.baseUrl}/voice/call`, {
      method: 'POST',
      body: `${creds}&dest2=%2B6581234567&max_duration=5`,
    });
    expect(JSON.parse(call.text)).toEqual({ txn_ref: 'AA-C-1000001', status: 'success_ok' });

    child.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${line}\n`);
    expect(result.stderr).toContain('AA-C-1000001 accepted');
  });

  it('SIGINT also exits 0, with live calls and nothing more on stdout', async () => {
    const { child, firstLine, finished } = spawnCli(['--talk-seconds', '3600']);
    const info = JSON.parse(await firstLine) as Record<string, string>;
    const creds = form({ app_id: info.appId, access_token: info.accessToken });
    await request(`${info.baseUrl}/voice/call`, { method: 'POST', body: `${creds}&dest2=%2B6581234567` });
    child.kill('SIGINT');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--flag value and --flag=value both work', async () => {
    const { child, firstLine, finished } = spawnCli([
      '--app-id=my-app',
      '--access-token',
      'tok',
      '--registered-number=+14155550100',
      '--balance',
      '5',
      '--currency=SGD',
      '--trial',
      '--date-fraction',
    ]);
    const info = JSON.parse(await firstLine) as Record<string, string>;
    expect(info).toMatchObject({ appId: 'my-app', accessToken: 'tok', registeredNumber: '+14155550100' });
    const state = await request(`${info.baseUrl!.replace(/\/open$/, '/sandbox')}/state`);
    expect(JSON.parse(state.text)).toEqual({ balance: '5.000', currency: 'SGD', trial: true, liveCalls: 0 });
    child.kill('SIGTERM');
    expect((await finished).code).toBe(0);
  });

  it('--first-txn-number sets the first AA-C-<n> reference, then counts up (§2.1, §7.1 revised)', async () => {
    const { child, firstLine, finished } = spawnCli(['--first-txn-number', '2517398', '--time-scale', '0.01']);
    const info = JSON.parse(await firstLine) as Record<string, string>;
    const creds = form({ app_id: info.appId, access_token: info.accessToken });
    const refs: string[] = [];
    for (const dest2 of ['%2B6581234567', '%2B6581234568']) {
      const call = await request(`${info.baseUrl}/voice/call`, { method: 'POST', body: `${creds}&dest2=${dest2}` });
      refs.push((JSON.parse(call.text) as { txn_ref: string }).txn_ref);
    }
    expect(refs).toEqual(['AA-C-2517398', 'AA-C-2517399']);
    child.kill('SIGTERM');
    expect((await finished).code).toBe(0);
  });

  it('--help lists every flag and exits 0', async () => {
    const result = await runToExit(['--help']);
    expect(result.code).toBe(0);
    for (const spec of FLAGS) expect(result.stdout).toContain(spec.flag);
    expect(result.stdout).toContain('--help');
    expect(result.stderr).toBe('');
  });

  const bad: [string[], string][] = [
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--port'], '--port'],
    [['--time-scale', '0'], '--time-scale'],
    [['--time-scale=-1'], '--time-scale'],
    [['--balance', '1.2345'], '--balance'],
    [['--currency', 'usd'], '--currency'],
    [['--registered-number', '6591234567'], '--registered-number'],
    [['--hoiio-numbers', '+6531234567,nope'], '--hoiio-numbers'],
    [['--trial-allowed=+123'], '--trial-allowed'],
    [['--fail-next-call-with', 'oops'], '--fail-next-call-with'],
    [['--rate-limit', '-1'], '--rate-limit'],
    [['--notify-timeout-ms', '0'], '--notify-timeout-ms'],
    [['--trial=maybe'], '--trial'],
    [['--first-txn-number', '0'], '--first-txn-number'],
    [['--first-txn-number=1.5'], '--first-txn-number'],
    [['--first-txn-number', '-3'], '--first-txn-number'],
    [['--no-such-flag'], '--no-such-flag'],
    [['stray'], 'stray'],
  ];
  for (const [args, flag] of bad) {
    it(`exits 2 naming ${flag} for: ${args.join(' ')}`, async () => {
      const result = await runToExit(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(flag);
      expect(result.stdout).toBe('');
    });
  }

  it('exits 1 when the port is in use', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const result = await runToExit(['--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/EADDRINUSE/);
      expect(result.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
