import { z } from 'zod';
import { IpcErrorSchema } from './errors.ts';

/**
 * Where the app's start-up is, for the start-up screen (`app.getStartup`, push event
 * `startupChanged`): the window opens at once and shows it until `ready`.
 * - `starting`: the core is opening (normally a fraction of a second: the renderer waits quietly);
 * - `checking`: the integrity check of the database after an unclean stop, before an upgrade;
 * - `upgrading`: the database is being brought to this version's schema: `step` of `steps`, and
 *   `rowsDone` of `rowsTotal` when the step can count its rows; `percent` (0-100) over the whole upgrade;
 * - `ready`: every operation is answered;
 * - `failed`: the core could not start; `error` says what happened and what to do.
 */
export const StartupStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('starting') }),
  z.object({ phase: z.literal('checking') }),
  z.object({
    phase: z.literal('upgrading'),
    step: z.number().int().min(1),
    steps: z.number().int().min(1),
    rowsDone: z.number().int().min(0).nullable(),
    rowsTotal: z.number().int().min(0).nullable(),
    percent: z.number().int().min(0).max(100),
  }),
  z.object({ phase: z.literal('ready') }),
  z.object({ phase: z.literal('failed'), error: IpcErrorSchema }),
]);
export type StartupState = z.infer<typeof StartupStateSchema>;

/**
 * The whole upgrade's percentage: each step an equal share, a step that counts its rows filling
 * its share as it goes. Whole percent, never 100 before the last step has finished.
 */
export function upgradePercent(progress: {
  step: number;
  steps: number;
  rowsDone: number | null;
  rowsTotal: number | null;
}): number {
  const within = progress.rowsTotal ? Math.min(1, (progress.rowsDone ?? 0) / progress.rowsTotal) : 0;
  return Math.min(99, Math.floor((100 * (progress.step - 1 + within)) / progress.steps));
}
