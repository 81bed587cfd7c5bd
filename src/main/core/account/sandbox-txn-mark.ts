/**
 * The high-water mark of the embedded sandbox's call references (hoiio-api.md §2.1 and §7.1,
 * revised): Hoiio never issued a txn_ref twice, so an app that embeds the sandbox and keeps its
 * log across restarts starts each sandbox after the highest `AA-C-<n>` it has ever seen.
 *
 * The mark lives in its own small file in the data folder (`sandbox-txn-mark.json`,
 * `{"lastTxnNumber": n}`), not in the call log: deleting calls, retention and restoring a backup
 * of the database change the log, never this file, so they can never lower the mark. It only
 * rises. A missing or unreadable file counts as 0 and the log's own highest reference is used.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SANDBOX_TXN_MARK_FILE = 'sandbox-txn-mark.json';

/** The n of a sandbox reference `AA-C-<n>`, or null for anything else. */
export function sandboxTxnNumber(txnRef: string): number | null {
  const match = /^AA-C-([1-9]\d{0,15})$/.exec(txnRef);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? n : null;
}

export interface SandboxTxnMark {
  /** The `--first-txn-number` for a sandbox starting now: one past every reference seen. */
  firstTxnNumber(): number;
  /** Raises the mark to this reference's number (persisted); lower or foreign references change nothing. */
  observe(txnRef: string): void;
}

/**
 * A mark persisted in `dataDir`. `logHighest` reads the highest sandbox number in the call log
 * (for data folders written before the mark existed). Write failures are logged, never thrown:
 * a call Hoiio accepted must not fail because of this bookkeeping.
 */
export function openSandboxTxnMark(
  dataDir: string,
  logHighest: () => number,
  logger: Pick<Console, 'warn'> = console,
): SandboxTxnMark {
  const file = path.join(dataDir, SANDBOX_TXN_MARK_FILE);
  let last = Math.max(readMark(file), safe(logHighest));

  function persist(): void {
    try {
      mkdirSync(dataDir, { recursive: true });
      const temporary = `${file}.${process.pid}.partial`;
      writeFileSync(temporary, `${JSON.stringify({ lastTxnNumber: last })}\n`);
      renameSync(temporary, file);
    } catch (error) {
      logger.warn(`[calls] could not save the sandbox reference mark: ${(error as Error).message}`);
    }
  }

  return {
    firstTxnNumber: () => Math.max(last + 1, DEFAULT_FIRST_TXN_NUMBER),
    observe(txnRef) {
      const n = sandboxTxnNumber(txnRef);
      if (n === null || n <= last) return;
      last = n;
      persist();
    },
  };
}

/** §7.1: the sandbox's default first reference. */
const DEFAULT_FIRST_TXN_NUMBER = 1_000_001;

function readMark(file: string): number {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const n = (parsed as { lastTxnNumber?: unknown } | null)?.lastTxnNumber;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}

function safe(read: () => number): number {
  try {
    const n = read();
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}
