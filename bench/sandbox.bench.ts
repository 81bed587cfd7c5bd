/**
 * `npm run bench:sandbox`: voice/call + voice/query_status throughput and latency of the sandbox on
 * loopback, with 8 concurrent keep-alive clients. The sandbox runs as its own process (the real CLI), so
 * the load generator does not share its event loop.
 *
 * Each client loops: POST voice/call, then POST voice/query_status for the new txn_ref.
 * Flags: --seconds <n> (default 5, after a 1 s warm-up), --clients <n> (default 8), --json.
 * Sandbox flags: --rate-limit 0, a large balance, --time-scale 0.0001 (a call lasts 3.8 ms) and
 * --max-concurrent-calls 100000, so neither the request limit nor the 8-live-calls limit throttles it.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const WARMUP_MS = 1000;

const cli = fileURLToPath(new URL('../src/sandbox/cli.ts', import.meta.url));
const sandbox = spawn(
  process.execPath,
  [cli, '--rate-limit', '0', '--balance', '1000000000', '--time-scale', '0.0001', '--max-concurrent-calls', '100000'],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
const info = await new Promise<{ baseUrl: string; appId: string; accessToken: string }>((resolve, reject) => {
  let out = '';
  sandbox.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const newline = out.indexOf('\n');
    if (newline >= 0) resolve(JSON.parse(out.slice(0, newline)));
  });
  sandbox.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
const credentials = new URLSearchParams({ app_id: info.appId, access_token: info.accessToken }).toString();

function post(endpoint: string, body: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${info.baseUrl}/${endpoint}`,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text) as Record<string, string>));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Series {
  latencies: number[];
  statuses: Map<string, number>;
}
const series: Record<'voice/call' | 'voice/query_status', Series> = {
  'voice/call': { latencies: [], statuses: new Map() },
  'voice/query_status': { latencies: [], statuses: new Map() },
};

let measuring = false;
let stopped = false;

async function timed(endpoint: keyof typeof series, body: string): Promise<Record<string, string>> {
  const started = performance.now();
  const json = await post(endpoint, body);
  if (measuring) {
    const s = series[endpoint];
    s.latencies.push(performance.now() - started);
    s.statuses.set(json.status!, (s.statuses.get(json.status!) ?? 0) + 1);
  }
  return json;
}

async function client(): Promise<void> {
  while (!stopped) {
    const call = await timed('voice/call', `${credentials}&dest2=%2B14155550100`);
    if (call.txn_ref) await timed('voice/query_status', `${credentials}&txn_ref=${call.txn_ref}`);
  }
}

const running = Promise.all(Array.from({ length: CLIENTS }, client));
await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
measuring = true;
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
stopped = true;
await running;
agent.destroy();
sandbox.kill('SIGTERM');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const rows = Object.entries(series).map(([endpoint, s]) => {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return {
    endpoint,
    requests: sorted.length,
    perSecond: sorted.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statuses: Object.fromEntries(s.statuses),
  };
});
const all = Object.values(series)
  .flatMap((s) => s.latencies)
  .sort((a, b) => a - b);
const total = {
  endpoint: 'total',
  requests: all.length,
  perSecond: all.length / elapsed,
  p50: percentile(all, 50),
  p99: percentile(all, 99),
};

if (values.json) {
  console.log(JSON.stringify({ clients: CLIENTS, seconds: elapsed, node: process.version, rows, total }));
} else {
  const cpus = os.cpus();
  console.log(
    `Sandbox benchmark: voice/call + voice/query_status, ${CLIENTS} concurrent keep-alive clients on loopback, ` +
      `${elapsed.toFixed(1)} s measured after a ${WARMUP_MS / 1000} s warm-up`,
  );
  console.log(`Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}`);
  console.log('');
  console.log(
    `${'endpoint'.padEnd(20)}${'requests'.padStart(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`,
  );
  for (const row of [...rows, total]) {
    console.log(
      `${row.endpoint.padEnd(20)}${String(row.requests).padStart(10)}${row.perSecond.toFixed(0).padStart(10)}` +
        `${row.p50.toFixed(2).padStart(10)}${row.p99.toFixed(2).padStart(10)}`,
    );
  }
  console.log('');
  for (const row of rows) console.log(`${row.endpoint} statuses: ${JSON.stringify(row.statuses)}`);
}
