import { z } from 'zod';

/**
 * The IPC contract: the single source of truth for every operation the renderer may call
 * and every event main may push. The preload bridge, main's dispatch and the browser host
 * are all derived from these two objects; adding an operation means adding an entry here,
 * then a core method (the type checker lists what is missing) and UI.
 *
 * Channel names are `${namespace}:${operation}`. Inputs are a single value (usually an
 * object) or nothing (`z.void()`).
 */

interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

function operation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): OperationSpec<I, O> {
  return { input, output };
}

export const AppModeSchema = z.enum(['sandbox', 'live']);
export type AppMode = z.infer<typeof AppModeSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppModeSchema,
  platform: z.string(),
  /** Which shell hosts the renderer: the Electron app or the browser host. */
  shell: z.enum(['electron', 'browser']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const contract = {
  app: {
    getInfo: operation(z.void(), AppInfoSchema),
  },
} as const satisfies Record<string, Record<string, OperationSpec>>;

/** Events pushed from main to every window. */
export const pushEvents = {
  /** The mode or credentials changed; the renderer re-reads what depends on them. */
  appInfoChanged: AppInfoSchema,
} as const satisfies Record<string, z.ZodType>;

export type Contract = typeof contract;
export type Namespace = keyof Contract;
export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;

type InputOf<S> = S extends OperationSpec<infer I, z.ZodType> ? I : never;
type OutputOf<S> = S extends OperationSpec<z.ZodType, infer O> ? O : never;

/** What the renderer sees as `window.hoiio`: one named async function per operation. */
export type HoiioBridge = {
  readonly [N in Namespace]: {
    readonly [K in keyof Contract[N]]: (
      input: z.input<InputOf<Contract[N][K]>>,
    ) => Promise<z.output<OutputOf<Contract[N][K]>>>;
  };
} & {
  /** Subscribe to a push event; returns the unsubscribe function. */
  readonly on: {
    readonly [E in PushEventName]: (listener: (payload: z.output<PushEvents[E]>) => void) => () => void;
  };
};

/** What the core implements: receives parsed input, returns data the output schema accepts. */
export type CoreApi = {
  readonly [N in Namespace]: {
    readonly [K in keyof Contract[N]]: (
      input: z.output<InputOf<Contract[N][K]>>,
    ) => Promise<z.input<OutputOf<Contract[N][K]>>>;
  };
};

export type PushEventPayload<E extends PushEventName> = z.input<PushEvents[E]>;

export function channelName(namespace: string, operationName: string): string {
  return `${namespace}:${operationName}`;
}

export interface ResolvedOperation {
  readonly namespace: string;
  readonly name: string;
  readonly spec: OperationSpec;
}

const operationsByChannel: ReadonlyMap<string, ResolvedOperation> = new Map(
  Object.entries(contract).flatMap(([namespace, operations]) =>
    Object.entries(operations).map(
      ([name, spec]) => [channelName(namespace, name), { namespace, name, spec: spec as OperationSpec }] as const,
    ),
  ),
);

/** Every channel, in contract order (the preload allows exactly these). */
export const allChannels: readonly string[] = [...operationsByChannel.keys()];

export function findOperation(channel: string): ResolvedOperation | undefined {
  return operationsByChannel.get(channel);
}

export function isPushEventName(name: string): name is PushEventName {
  return Object.hasOwn(pushEvents, name);
}

/** Push events use their own channel prefix so they can never collide with operations. */
export function pushEventChannel(name: PushEventName): string {
  return `event:${name}`;
}
