/** Team desktops for tests: live cores against one sandbox, joined to one team server. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { SandboxHandle } from '../../src/sandbox/index.ts';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import type { TeamTuning } from '../../src/main/core/team/service.ts';
import { TeamPasswordVault } from '../../src/main/core/team/vault.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { TeamCall, TeamServer, TeamStatus } from '../../src/shared/team.ts';
import { eventually, startTestCore, tempDir, uniqueKeychainService, type TestCore } from '../calls/helpers.ts';

/**
 * Short leases and reconnects. The request budget is wide (1000 a second) so that desktops polling
 * 100x faster than real time are not held back; test/team/request-budget.test.ts narrows it.
 */
export const TEAM_TUNING: TeamTuning = {
  leaseSeconds: 1,
  reconnectMs: 100,
  maxReconnectMs: 400,
  connectTimeoutMs: 2000,
  requestsPerWindow: 1000,
  budgetWindowSeconds: 1,
};

export interface Desktop extends TestCore {
  readonly keychainService: string;
  teamCalls(scope?: 'mine' | 'team'): Promise<TeamCall[]>;
  teamStatus(): Promise<TeamStatus>;
}

/** A live core (own data folder and keychain service) against the sandbox, optionally joined to the team. */
export async function startDesktop(
  sandbox: SandboxHandle | null,
  accessToken: string,
  team: { server: TeamServer; password: string } | null,
  reuse?: { dataDir: string; keychainService: string },
  mode: 'live' | 'sandbox' = 'live',
  tuning: TeamTuning = TEAM_TUNING,
): Promise<Desktop> {
  const keychainService = reuse?.keychainService ?? uniqueKeychainService();
  const dir = reuse ? null : tempDir('hoiio-team-');
  const app = await startTestCore({
    dataDir: reuse?.dataDir ?? dir!.path,
    keychainService,
    team: tuning,
  });
  if (mode === 'live' && (await app.ok<{ mode: string }>('account:getStatus')).mode !== 'live') {
    if (!sandbox) throw new Error('a live desktop needs the sandbox');
    await app.ok('settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: false } });
    await app.ok('account:set', { appId: sandbox.appId, accessToken });
  }
  if (team) await app.ok('team:join', team);
  return {
    ...app,
    keychainService,
    teamCalls: (scope = 'team') => app.ok<TeamCall[]>('team:listCalls', { scope, limit: 500 }),
    teamStatus: () => app.ok<TeamStatus>('team:getStatus'),
    async close() {
      await app.core.close();
      // The keychain entries this desktop made (team password, Hoiio token).
      await new TeamPasswordVault(keychainService).clear();
      await new CredentialVault({ service: keychainService }).clear();
      dir?.remove();
    },
  };
}

/** Waits until the desktop's team view holds the call in a state matching `predicate`. */
export function teamCallOn(
  desktop: Desktop,
  id: string,
  predicate: (call: TeamCall) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<TeamCall> {
  return eventually(
    async () => (await desktop.teamCalls()).find((call) => call.id === id && predicate(call)),
    timeoutMs,
    `team call ${id} on a desktop`,
  );
}

export interface ChildDesktop {
  readonly process: ChildProcess;
  place(dest2: string): Promise<{ ok: boolean; value?: CallRecord; error?: unknown }>;
  kill(): Promise<void>;
}

/** A desktop in a child process (test/team/fixtures/desktop-child.ts), to be SIGKILLed. */
export async function startChildDesktop(options: {
  dataDir: string;
  keychainService: string;
  baseUrl: string;
  appId: string;
  accessToken: string;
  team: { server: TeamServer; password: string } | null;
}): Promise<ChildDesktop> {
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'fixtures', 'desktop-child.ts'), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child desktop did not answer within 30 s')), 30_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const ready = JSON.parse(await next()) as { ready: boolean };
  if (!ready.ready) throw new Error('child desktop failed to start');
  return {
    process: child,
    async place(dest2) {
      const answer = next();
      child.stdin!.write(`place ${dest2}\n`);
      return JSON.parse(await answer) as { ok: boolean; value?: CallRecord };
    },
    kill() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
  };
}
