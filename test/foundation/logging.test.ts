import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/index.ts';
import { createFileLogger, redactSecrets } from '../../src/main/core/logging.ts';
import { tempDir } from '../store/support.ts';

const TOKEN = 'tok_9f8e7d6c5b4a3210';
const NOTIFY_SECRET = 'Zm9vYmFyLXNlY3JldC10b2tlbg';

describe('the persistent log', () => {
  it('writes JSON lines to <dataDir>/logs with the access token and notify secrets redacted (file and echo)', async () => {
    const dataDir = tempDir('hoiio-log-');
    const echoed: string[] = [];
    const echo = { info: (...parts: unknown[]) => echoed.push(parts.join(' ')), warn() {}, error() {} };
    const logger = await createFileLogger(dataDir, echo);
    logger.info(`[hoiio] POST voice/call app_id=AP1&access_token=${TOKEN}&dest2=%2B6581234567`);
    logger.warn('settings', { accessToken: TOKEN, appId: 'AP1' });
    logger.error(`[notify] rejected http://abc.localhost/hoiio/notify/${NOTIFY_SECRET} (bad signature)`);
    const file = logger.currentFile();
    await logger.close();
    expect(path.dirname(file)).toBe(path.join(dataDir, 'logs'));
    const text = readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.map((line) => line.level)).toEqual([30, 40, 50]);
    expect(lines[0]!.msg).toContain('access_token=[redacted]&dest2');
    expect(lines[1]!.msg).toContain('"accessToken":"[redacted]"');
    expect(lines[2]!.msg).toContain('/hoiio/notify/[redacted] (bad signature)');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(NOTIFY_SECRET);
    expect(echoed.join('\n')).not.toContain(TOKEN);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dataDir = tempDir('hoiio-log-');
    const logger = await createFileLogger(dataDir, undefined, { size: '20k', keep: 3 });
    for (let batch = 0; batch < 10; batch++) {
      for (let index = 0; index < 200; index++) logger.info(`line ${batch}.${index} ${'x'.repeat(100)}`);
      await new Promise((resolve) => setTimeout(resolve, 20)); // let the stream write and roll
    }
    await logger.close();
    const files = readdirSync(path.join(dataDir, 'logs')).filter((name) => name.endsWith('.log'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4); // the kept ones plus the one being written
  });

  it('redactSecrets leaves ordinary text alone', () => {
    expect(redactSecrets('call to +6581234567 ended: answered, 3 min')).toBe(
      'call to +6581234567 ended: answered, 3 min',
    );
  });

  it('About shows the log file, and the core writes to it', async () => {
    const dataDir = tempDir('hoiio-log-core-');
    const core = await createCore({ dataDir, shell: 'browser', logger: { info() {}, warn() {}, error() {} } });
    const info = await core.api.app.getInfo();
    core.logger.info('[test] hello from the core');
    await core.close();
    expect(info.logFile.startsWith(path.join(dataDir, 'logs'))).toBe(true);
    expect(readFileSync(info.logFile, 'utf8')).toContain('hello from the core');
  });
});
