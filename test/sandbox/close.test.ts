/**
 * close() leaves nothing behind: a process that embeds the sandbox exits by itself after close(), even
 * with live calls, a notification delivery in flight, a notify_url TLS check in flight and keep-alive
 * client connections.
 */
import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReceiver, waitFor } from './helpers.ts';

const INDEX = new URL('../../src/sandbox/index.ts', import.meta.url).href;

const CHILD = `
import http from 'node:http';
import { startSandbox } from ${JSON.stringify(INDEX)};
const { hangPort, silentPort } = JSON.parse(process.env.SANDBOX_CLOSE_TEST);
const sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 3600 });
const agent = new http.Agent({ keepAlive: true });
const creds = 'app_id=' + sandbox.appId + '&access_token=' + sandbox.accessToken;
const post = (path, body) => new Promise((resolve, reject) => {
  const req = http.request(sandbox.baseUrl + '/' + path, { method: 'POST', agent }, (res) => {
    let text = '';
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => resolve(JSON.parse(text).status));
  });
  req.on('error', reject);
  req.end(body);
});
const results = [];
results.push(await post('voice/call', creds + '&dest2=%2B6581234567'));
results.push(await post('voice/call', creds + '&dest1=%2B6581230001&dest2=%2B6587654321&notify_url=' +
  encodeURIComponent('http://127.0.0.1:' + hangPort + '/hang')));
const checking = post('voice/call', creds + '&dest2=%2B6581234567&notify_url=' +
  encodeURIComponent('https://127.0.0.1:' + silentPort + '/')).catch(() => 'aborted');
await new Promise((resolve) => setTimeout(resolve, 300));
const started = Date.now();
await sandbox.close();
results.push(await checking);
process.stdout.write(JSON.stringify({ results, closeMs: Date.now() - started }) + '\\n');
`;

describe('close()', () => {
  it('cancels timers, abandons deliveries and checks, closes connections: the process exits by itself', async () => {
    const hanging = await startReceiver(() => undefined); // accepts the notification, never answers
    const silent = net.createServer((socket) => socket.resume()); // never answers a TLS ClientHello
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
        env: {
          ...process.env,
          SANDBOX_CLOSE_TEST: JSON.stringify({
            hangPort: hanging.port,
            silentPort: (silent.address() as AddressInfo).port,
          }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exit = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 10_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      expect(stderr).toBe('');
      expect(exit).toBe(0);
      const report = JSON.parse(stdout) as { results: string[]; closeMs: number };
      expect(report.results).toEqual(['success_ok', 'success_ok', 'aborted']);
      expect(report.closeMs).toBeLessThan(1000);
      // The notification really was in flight when close() abandoned it.
      await waitFor(() => hanging.requests.length === 1);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
