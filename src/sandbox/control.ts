/**
 * The control API under /sandbox/ (hoiio-api.md §7.9): plain JSON with native types, no auth, never rate
 * limited, never in history. Errors: 404 unknown reference, 400 bad body, 409 impossible transition.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { z } from 'zod';
import { formatMoney } from './billing.ts';
import { ENDPOINTS } from './endpoints/index.ts';
import { readBody, sendJson } from './http-util.ts';
import { faultStatusSchema, moneySchema } from './options.ts';
import type { SandboxState } from './state.ts';
import type { Call } from './telephony.ts';

const outcomeSchema = z.enum(['answered', 'unanswered', 'busy', 'failed']);

const accountSchema = z.strictObject({
  balance: moneySchema({ negative: true }).optional(),
  trial: z.boolean().optional(),
});

const legSchema = z.strictObject({ outcome: outcomeSchema });

const faultSchema = z.strictObject({
  endpoint: z
    .string()
    .refine((name) => ENDPOINTS.has(name), { message: 'endpoint must be an /open endpoint such as voice/call' }),
  status: faultStatusSchema,
  count: z.number().int().min(1).max(1_000_000).default(1),
});

class HttpError extends Error {
  readonly httpStatus: number;
  constructor(httpStatus: number, message: string) {
    super(message);
    this.httpStatus = httpStatus;
  }
}

/**
 * Why a browser marks this request as coming from another site, or null (hoiio-api.md §7.9
 * revised): an `Origin` other than the sandbox's own, `Sec-Fetch-Site` other than `same-origin` or
 * `none`, or a `Host` other than `127.0.0.1:P`, `localhost:P`, `[::1]:P` (plus the machine's own
 * interface addresses when bound to every interface; DNS rebinding sends the attacker's name).
 * curl, tests and SDKs send neither `Origin` nor `Sec-Fetch-Site` and are unaffected.
 */
export function crossSiteRefusal(req: IncomingMessage, boundHost: string): string | null {
  const port = req.socket.localPort;
  const hosts = allowedHosts(port ?? 0, boundHost);
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && !hosts.has(host)) return 'unknown Host header';
  const origin = req.headers.origin;
  if (origin !== undefined && !(hosts.has(originHost(origin)) && origin.toLowerCase().startsWith('http://'))) {
    return 'cross-origin request';
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site ${site}`;
  return null;
}

/** `host:port` of an origin, lower case; '' for anything that is not an http(s) origin (e.g. `null`). */
function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

function allowedHosts(port: number, boundHost: string): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (boundHost === '0.0.0.0' || boundHost === '::') {
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address) names.push(address.family === 'IPv6' ? `[${address.address}]` : address.address);
    }
  } else {
    names.push(boundHost.includes(':') ? `[${boundHost}]` : boundHost);
  }
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/** The control API's view of a call (native types; money as 3-decimal strings). */
export function controlCall(state: SandboxState, call: Call): Record<string, unknown> {
  return {
    txn_ref: call.txnRef,
    dest1: call.dest1,
    dest2: call.dest2,
    caller_id: call.callerId,
    tag: call.tag ?? null,
    notify_url: call.notifyUrl ?? null,
    max_duration: call.maxDuration ?? null,
    date: state.date(call.acceptedAt),
    state: call.state,
    rate: formatMoney(call.rate),
    legs: call.legs.map((leg) => ({ leg: leg.leg, number: leg.number, phase: leg.phase, status: leg.status })),
    duration: call.duration ?? null,
    debit: call.debit === undefined ? null : formatMoney(call.debit),
    endedBy: call.endedBy ?? null,
  };
}

function stateView(state: SandboxState): Record<string, unknown> {
  return {
    balance: formatMoney(state.account.balance),
    currency: state.options.currency,
    trial: state.account.trial,
    liveCalls: state.telephony.liveCount,
  };
}

async function jsonBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.output<T>> {
  const body = await readBody(req);
  if (body === null) throw new HttpError(400, 'request body not received');
  if (body.tooLarge) throw new HttpError(400, 'request body too large');
  const text = body.bytes.toString('utf8').trim();
  let value: unknown = {};
  if (text !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'request body is not JSON');
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, `${where}${issue.message}`);
  }
  return result.data;
}

function findCall(state: SandboxState, encodedRef: string): Call {
  let txnRef: string;
  try {
    txnRef = decodeURIComponent(encodedRef);
  } catch {
    throw new HttpError(404, 'unknown txn_ref');
  }
  const call = state.telephony.get(txnRef);
  if (!call) throw new HttpError(404, `unknown txn_ref ${txnRef}`);
  return call;
}

type Route = (state: SandboxState, req: IncomingMessage, match: string[]) => Promise<unknown> | unknown;

const ROUTES: ReadonlyArray<{ pattern: RegExp; method: 'GET' | 'POST'; run: Route }> = [
  { pattern: /^state$/, method: 'GET', run: (state) => stateView(state) },
  {
    pattern: /^account$/,
    method: 'POST',
    run: async (state, req) => {
      const change = await jsonBody(req, accountSchema);
      if (change.balance !== undefined) state.account.balance = change.balance;
      if (change.trial !== undefined) state.account.trial = change.trial;
      return stateView(state);
    },
  },
  {
    pattern: /^calls$/,
    method: 'GET',
    run: (state) => ({
      calls: [...state.telephony.all()].reverse().map((call) => controlCall(state, call)),
    }),
  },
  { pattern: /^calls\/([^/]+)$/, method: 'GET', run: (state, _req, m) => controlCall(state, findCall(state, m[1]!)) },
  {
    pattern: /^calls\/([^/]+)\/legs\/([12])$/,
    method: 'POST',
    run: async (state, req, m) => {
      const call = findCall(state, m[1]!);
      const { outcome } = await jsonBody(req, legSchema);
      const leg = Number(m[2]) as 1 | 2;
      const phase = call.legs[leg - 1]!.phase;
      if (!state.telephony.forceLegOutcome(call, leg, outcome)) {
        throw new HttpError(409, `leg ${leg} is ${phase}; only a pending or ringing leg can be given an outcome`);
      }
      return controlCall(state, call);
    },
  },
  {
    pattern: /^calls\/([^/]+)\/hangup$/,
    method: 'POST',
    run: (state, _req, m) => {
      const call = findCall(state, m[1]!);
      state.telephony.hangup(call, 'control');
      return controlCall(state, call);
    },
  },
  {
    pattern: /^calls\/([^/]+)\/renotify$/,
    method: 'POST',
    run: async (state, _req, m) => {
      const call = findCall(state, m[1]!);
      const delivery = state.renotify(call);
      if (!delivery) throw new HttpError(409, 'this call has no final notification (live, or no notify_url)');
      return { delivery: await delivery };
    },
  },
  { pattern: /^notifications$/, method: 'GET', run: (state) => ({ deliveries: state.notifier.log }) },
  {
    pattern: /^faults$/,
    method: 'POST',
    run: async (state, req) => {
      const fault = await jsonBody(req, faultSchema);
      return { armed: state.faults.arm(fault.endpoint, fault.status, fault.count) };
    },
  },
  {
    pattern: /^reset$/,
    method: 'POST',
    run: (state) => {
      state.reset();
      return stateView(state);
    },
  },
];

/** Serves /sandbox/<path>. */
export async function handleControl(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const routes = ROUTES.filter((route) => route.pattern.test(path));
  if (routes.length === 0) {
    sendJson(res, 404, { error: `no control endpoint /sandbox/${path}` });
    return;
  }
  const refusal = crossSiteRefusal(req, state.options.host);
  if (refusal) {
    sendJson(res, 403, { error: `refused: ${refusal} (the control API takes no requests from web pages)` });
    return;
  }
  const route = routes.find((r) => r.method === req.method);
  if (!route) {
    sendJson(
      res,
      405,
      { error: `use ${routes.map((r) => r.method).join(' or ')}` },
      { Allow: routes.map((r) => r.method).join(', ') },
    );
    return;
  }
  try {
    const result = await route.run(state, req, route.pattern.exec(path)!);
    sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof HttpError) sendJson(res, error.httpStatus, { error: error.message });
    else throw error;
  }
}
