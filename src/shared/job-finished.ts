import { z } from 'zod';
import { IpcErrorSchema } from './errors.ts';
import { BackupResultSchema, RestoreResultSchema } from './history.ts';
import { ExportResultSchema, ImportReportSchema } from './import-export.ts';

/** How one job ended: its operation's answer, as IPC carries it. */
function jobResult<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema }),
  ]);
}

/**
 * A long job (import, export, backup, restore; by the renderer's jobId) ended: the same answer as
 * its operation's (same output schema), published as it ends. The renderer needs it when the
 * request itself was answered with a timeout (shared/request-timeout.ts) while the job went on:
 * the job view then shows the real outcome instead of the timeout, never "try again" for a job
 * that succeeded.
 */
export const JobFinishedSchema = z.discriminatedUnion('kind', [
  z.object({ jobId: z.string(), kind: z.literal('import'), result: jobResult(ImportReportSchema) }),
  z.object({ jobId: z.string(), kind: z.literal('export'), result: jobResult(ExportResultSchema) }),
  z.object({ jobId: z.string(), kind: z.literal('backup'), result: jobResult(BackupResultSchema) }),
  z.object({ jobId: z.string(), kind: z.literal('restore'), result: jobResult(RestoreResultSchema) }),
]);
export type JobFinished = z.infer<typeof JobFinishedSchema>;
export type JobKind = JobFinished['kind'];
/** The value a job of `kind` answers with. */
export type JobValue<K extends JobKind> = Extract<Extract<JobFinished, { kind: K }>['result'], { ok: true }>['value'];
