/**
 * The updater against a real feed: electron-updater's own AppImage updater (what Linux users
 * run) with our policy in charge, fetching latest-linux.yml and the installer from a generic
 * feed served on 127.0.0.1. Only Electron's app object and HTTP stack are replaced (by an
 * AppAdapter and electron-builder's Node HTTP executor): Electron cannot run here.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlUpdater, type Updater } from '../../src/main/updater.ts';
import type { UpdaterState } from '../../src/main/updater-policy.ts';

const installer = Buffer.from('#!/bin/sh\necho "Hoiio Click-to-Call 0.2.0"\n');
const sha512 = createHash('sha512').update(installer).digest('base64');
let offeredVersion = '0.2.0';
let feedBroken = false;
const requests: string[] = [];
let server: Server;
let feedUrl: string;
const folder = mkdtempSync(path.join(os.tmpdir(), 'hoiio-updater-'));
const savedAppImage = process.env.APPIMAGE;

function latestYml(): string {
  return [
    `version: ${offeredVersion}`,
    'files:',
    `  - url: Hoiio-Click-to-Call-${offeredVersion}.AppImage`,
    `    sha512: ${sha512}`,
    `    size: ${installer.length}`,
    `path: Hoiio-Click-to-Call-${offeredVersion}.AppImage`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-30T12:00:00.000Z'",
    '',
  ].join('\n');
}

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (/^\/feed\/latest(-linux|-mac)?\.yml/.test(request.url ?? '')) {
      response.writeHead(200, { 'Content-Type': 'text/yaml' });
      return response.end(feedBroken ? 'version: [unclosed' : latestYml());
    }
    if (requests.at(-1) === `/feed/Hoiio-Click-to-Call-${offeredVersion}.AppImage`) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': installer.length });
      return response.end(installer);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
  const running = path.join(folder, 'Hoiio-Click-to-Call-0.1.0.AppImage');
  writeFileSync(running, 'old');
  process.env.APPIMAGE = running;
});

afterAll(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

afterEach(() => {
  requests.length = 0;
  offeredVersion = '0.2.0';
  feedBroken = false;
});

/** Node's HTTP stack with the `download` method Electron's executor adds (same steps as electronHttpExecutor.js). */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers || undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error: Error | null) =>
            error === null || error === undefined ? resolve(destination) : reject(error),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

function appAdapter(version: string): AppAdapter {
  return {
    version,
    name: 'Hoiio Click-to-Call',
    isPackaged: true,
    appUpdateConfigPath: path.join(folder, 'app-update.yml'),
    userDataPath: path.join(folder, 'userData'),
    baseCachePath: path.join(folder, 'cache'),
    whenReady: async () => undefined,
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

function updaterFor(currentVersion: string): { updater: Updater; states: UpdaterState[] } {
  const electronUpdater = new AppImageUpdater(null, appAdapter(currentVersion));
  // `httpExecutor` is protected in the types; Electron's executor is what it holds in the app.
  Object.assign(electronUpdater, { httpExecutor: new NodeDownloadExecutor() });
  electronUpdater.disableDifferentialDownload = true;
  const states: UpdaterState[] = [];
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const updater = controlUpdater(electronUpdater, feedUrl, {
    currentVersion,
    configDir: folder,
    logger: quiet,
    onStateChanged: (s) => states.push(s),
  });
  return { updater, states };
}

async function settled(updater: Updater): Promise<UpdaterState> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const state = updater.state();
    if (state.kind !== 'checking' && state.kind !== 'downloading') return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`updater still busy: ${JSON.stringify(updater.state())}`);
}

describe('updates from a generic feed on 127.0.0.1', () => {
  it('downloads a newer version in the background, then offers "Restart to update"', async () => {
    const { updater, states } = updaterFor('0.1.0');
    await updater.check();
    expect(await settled(updater)).toEqual({ kind: 'ready', version: '0.2.0' });
    expect(states.map((state) => state.kind)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(requests).toEqual(['/feed/latest-linux.yml', '/feed/Hoiio-Click-to-Call-0.2.0.AppImage']);
    // What electron-updater read before downloading: the app-update.yml the app wrote for the build-time feed.
    expect(readFileSync(path.join(folder, 'app-update.yml'), 'utf8')).toContain(`"url":"${feedUrl}"`);
  });

  it('downloads nothing when the feed offers the running version or a prerelease to a stable install', async () => {
    for (const version of ['0.1.0', '0.2.0-beta.1']) {
      offeredVersion = version;
      const { updater } = updaterFor('0.1.0');
      await updater.check();
      expect(await settled(updater), version).toEqual({ kind: 'idle' });
    }
    expect(requests.every((url) => url.endsWith('.yml'))).toBe(true);
  });

  it('reports a broken feed as a failed check, and downloads nothing', async () => {
    feedBroken = true;
    const { updater } = updaterFor('0.1.0');
    await updater.check();
    expect(await settled(updater)).toMatchObject({ kind: 'failed' });
    expect(requests.every((url) => url.endsWith('.yml'))).toBe(true);
  });
});
