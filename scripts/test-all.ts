/**
 * `npm test`: typecheck, lint, build, vitest (unit + integration), Playwright (e2e + electron),
 * each runner printing its own report, then one closing line of our own:
 * `N passed, M failed[, K skipped]` totalled over the test runners. A failed static step
 * (typecheck, lint, build) counts as one failure. Exit code 0 only when nothing failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const outputDir = path.join(repoRoot, '.test-output');
const vitestReport = path.join(outputDir, 'vitest.json');
const playwrightReport = path.join(outputDir, 'playwright.json');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) console.error(`${title} could not start: ${result.error.message}`);
  return result.status === 0;
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function vitestTally(ranOk: boolean): Tally {
  const report = readJson(vitestReport) as
    | {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
        success: boolean;
      }
    | undefined;
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  // A suite that failed to load has no failed *test*, but the run failed: count it.
  const unexplained = !ranOk && report.numFailedTests === 0 ? 1 : 0;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + unexplained,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTally(ranOk: boolean): Tally {
  const report = readJson(playwrightReport) as
    { stats: { expected: number; unexpected: number; flaky: number; skipped: number } } | undefined;
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const unexplained = !ranOk && unexpected === 0 ? 1 : 0;
  return { passed: expected + flaky, failed: unexpected + unexplained, skipped };
}

rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let staticFailures = 0;
for (const [title, args] of [
  ['typecheck', ['tsc', '-p', 'tsconfig.node.json']],
  ['typecheck (renderer)', ['tsc', '-p', 'tsconfig.web.json']],
  ['typecheck (e2e)', ['tsc', '-p', 'tsconfig.e2e.json']],
  ['lint', ['eslint', '--max-warnings', '0', '.']],
  ['build', ['electron-vite', 'build']],
] as const) {
  if (!run(title, npx, [...args])) staticFailures += 1;
}

const vitestOk = run('unit and integration tests (vitest)', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const playwrightOk = run('end-to-end tests (Playwright)', npx, ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  HOIIO_SKIP_BUILD: '1',
});

const tallies = [vitestTally(vitestOk), playwrightTally(playwrightOk)];
const total = tallies.reduce(
  (sum, tally) => ({
    passed: sum.passed + tally.passed,
    failed: sum.failed + tally.failed,
    skipped: sum.skipped + tally.skipped,
  }),
  { passed: 0, failed: staticFailures, skipped: 0 },
);
if (staticFailures > 0)
  console.log(`\n${staticFailures} static check(s) failed (typecheck, lint or build): see above.`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed === 0 ? 0 : 1);
