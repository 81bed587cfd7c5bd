/**
 * Update decisions (pure): whether to check at all, when, which channel a version follows,
 * whether an offered version is an update, and what the user sees. electron-updater does the
 * downloading; the feed address is fixed at build time (`HOIIO_UPDATE_FEED_URL`, a generic
 * provider: a folder on any web server holding latest*.yml and the installers).
 */

/** Checked at start and then daily. */
export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The feed to use, or null for "never check": empty, unparsable, with credentials, or not https
 * (plain http only to a loopback host, for tests and local mirrors).
 */
export function updateFeedUrl(buildTimeValue: string | undefined): string | null {
  if (!buildTimeValue) return null;
  let url: URL;
  try {
    url = new URL(buildTimeValue);
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Updates only for packaged apps with a feed, and not on Linux debs (apt/dpkg own those files). */
export function shouldCheckForUpdates(context: {
  feedUrl: string | null;
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** True when running from an AppImage (`$APPIMAGE` set): the only self-updating Linux format. */
  isAppImage: boolean;
}): boolean {
  if (!context.feedUrl || !context.isPackaged) return false;
  return context.platform !== 'linux' || context.isAppImage;
}

interface ParsedVersion {
  readonly core: readonly [number, number, number];
  readonly prerelease: readonly string[];
}

/** Semantic Versioning 2.0.0 (§2, §9, §10): MAJOR.MINOR.PATCH[-pre][+build]; null when it is not one. */
export function parseVersion(text: string): ParsedVersion | null {
  const match =
    /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/.exec(
      text.trim(),
    );
  if (!match) return null;
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

/** SemVer precedence (§11): negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = a.core[index]! - b.core[index]!;
    if (difference !== 0) return difference;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let index = 0; index < Math.max(a.prerelease.length, b.prerelease.length); index += 1) {
    const left = a.prerelease[index];
    const right = b.prerelease[index];
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    if (left === right) continue;
    const leftNumeric = /^\d+$/.test(left);
    const rightNumeric = /^\d+$/.test(right);
    if (leftNumeric && rightNumeric) return Number(left) - Number(right);
    if (leftNumeric !== rightNumeric) return leftNumeric ? -1 : 1;
    return left < right ? -1 : 1;
  }
  return 0;
}

/** The channel a version follows: its first prerelease identifier (`1.2.0-beta.3` → beta), else latest. */
export function updateChannel(version: string): 'latest' | 'beta' | 'alpha' {
  const identifier = parseVersion(version)?.prerelease[0];
  return identifier === 'beta' || identifier === 'alpha' ? identifier : 'latest';
}

/**
 * Whether `offered` should be installed over `current`: strictly newer, and no prerelease for a
 * stable install (a beta install may move to a newer stable). Unparsable versions never are.
 */
export function isUpdate(current: string, offered: string): boolean {
  const now = parseVersion(current);
  const next = parseVersion(offered);
  if (!now || !next) return false;
  if (next.prerelease.length > 0 && now.prerelease.length === 0) return false;
  return compareVersions(next, now) > 0;
}

export type UpdaterState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string; percent: number }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string };

/** What the tray offers: "Restart to update" only once an update is fully downloaded. */
export function updateReadyVersion(state: UpdaterState): string | null {
  return state.kind === 'ready' ? state.version : null;
}

/** The updater's own cache folder name (under the OS cache folder). */
export const UPDATER_CACHE_DIR_NAME = 'hoiio-click-to-call-updater';

/**
 * The `app-update.yml` electron-updater reads before downloading. electron-builder writes one only
 * when a `publish` provider is configured; the feed here is fixed by the build-time define, so the
 * app writes the equivalent itself (JSON is valid YAML 1.2, and no quoting can go wrong).
 */
export function updateConfigYaml(feedUrl: string): string {
  return `${JSON.stringify({ provider: 'generic', url: feedUrl, updaterCacheDirName: UPDATER_CACHE_DIR_NAME })}\n`;
}
