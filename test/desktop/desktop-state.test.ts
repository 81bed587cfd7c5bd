/**
 * Issue 14: what Settings and the update banner learn from the desktop shell. The words come from
 * pure decisions (the OS's real tel:/callto: answer, the shortcut's registration); the state
 * reaches windows through the core's validated push path (forwardPushEvents), like every event.
 */
import { describe, expect, it } from 'vitest';
import { DesktopStateHub } from '../../src/main/core/desktop-state.ts';
import { desktopHandlers } from '../../src/main/core/handlers/desktop.ts';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import { linkHandlerState, shortcutState } from '../../src/main/desktop-platform.ts';
import { forwardPushEvents } from '../../src/main/ipc.ts';
import { BROWSER_HOST_DESKTOP_STATE, type DesktopState } from '../../src/shared/desktop.ts';
import { AppError } from '../../src/shared/errors.ts';

describe('linkHandlerState: the words follow what the OS answers, not the setting alone', () => {
  const both = { tel: true, callto: true };
  const none = { tel: false, callto: false };
  it.each([
    ['darwin', true, both, { state: 'default', schemes: ['tel', 'callto'] }],
    ['linux', true, both, { state: 'default', schemes: ['tel', 'callto'] }],
    // Windows 10/11: registered, but the user must still pick the app in Settings → Default apps.
    ['win32', true, none, { state: 'choose-in-system', schemes: ['tel', 'callto'] }],
    ['win32', true, { tel: true, callto: false }, { state: 'choose-in-system', schemes: ['callto'] }],
    ['linux', true, { tel: false, callto: true }, { state: 'other-app', schemes: ['tel'] }],
    ['darwin', true, none, { state: 'other-app', schemes: ['tel', 'callto'] }],
    ['linux', false, none, { state: 'off', schemes: [] }],
    // Turned off, but the OS still sends links here (e.g. mimeapps.list set by hand): say so.
    ['linux', false, { tel: true, callto: false }, { state: 'still-default', schemes: ['tel'] }],
    ['win32', false, both, { state: 'still-default', schemes: ['tel', 'callto'] }],
  ] as const)('%s, setting %s, OS %o → %o', (platform, enabled, isDefault, expected) => {
    expect(linkHandlerState({ platform, enabled, isDefault })).toEqual(expected);
  });
});

describe('shortcutState: a registration failure is a conflict shown beside the field', () => {
  it('off, registered and conflict', () => {
    expect(shortcutState({ enabled: false, accelerator: 'Alt+K' }, true)).toEqual({
      state: 'off',
      accelerator: 'Alt+K',
    });
    expect(shortcutState({ enabled: true, accelerator: 'Alt+K' }, true)).toEqual({
      state: 'registered',
      accelerator: 'Alt+K',
    });
    expect(shortcutState({ enabled: true, accelerator: 'Alt+K' }, false)).toEqual({
      state: 'conflict',
      accelerator: 'Alt+K',
    });
  });
});

describe('DesktopStateHub: the shell reports, the core pushes through the contract', () => {
  const initial: DesktopState = {
    update: { kind: 'idle' },
    linkHandler: { state: 'off', schemes: [] },
    shortcut: { state: 'off', accelerator: 'Alt+K' },
  };
  const setUp = (withShell: boolean) => {
    const events = new TypedEmitter<CoreEventMap>();
    const restarts: number[] = [];
    const hub = new DesktopStateHub(
      events,
      withShell ? { initial, actions: { restartToUpdate: () => restarts.push(Date.now()) } } : undefined,
    );
    const sent: Array<{ name: string; payload: unknown }> = [];
    const errors: unknown[] = [];
    forwardPushEvents(events, (name, payload) => sent.push({ name, payload }), {
      error: (...args: unknown[]) => errors.push(args),
      warn: () => undefined,
    });
    return { hub, sent, restarts, errors };
  };

  it('pushes a downloaded update once; an unchanged report sends nothing', async () => {
    const { hub, sent } = setUp(true);
    hub.report({ update: { kind: 'ready', version: '1.2.0' } });
    hub.report({ update: { kind: 'ready', version: '1.2.0' } });
    expect(sent).toEqual([
      { name: 'desktopStateChanged', payload: { ...initial, update: { kind: 'ready', version: '1.2.0' } } },
    ]);
    expect(await desktopHandlers(hub).getState()).toMatchObject({ update: { kind: 'ready', version: '1.2.0' } });
  });

  it('"Restart to update" reaches the shell only when an update is ready; else a keyed refusal', async () => {
    const { hub, restarts } = setUp(true);
    const refused = await desktopHandlers(hub)
      .restartToUpdate()
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'unsupported', key: 'desktop.noUpdate' });
    expect(restarts).toHaveLength(0);
    hub.report({ update: { kind: 'ready', version: '1.2.0' } });
    await desktopHandlers(hub).restartToUpdate();
    expect(restarts).toHaveLength(1);
  });

  it('a report outside the contract throws and changes nothing (nothing reaches a window)', () => {
    const { hub, sent } = setUp(true);
    expect(() => hub.report({ update: { kind: 'ready', version: '<script>' } as never })).toThrow();
    expect(() => hub.report({ linkHandler: { state: 'maybe', schemes: [] } as never })).toThrow();
    expect(hub.state).toEqual(initial);
    expect(sent).toEqual([]);
  });

  it('the browser host says what it can tell: not available there', async () => {
    const { hub } = setUp(false);
    expect(await desktopHandlers(hub).getState()).toEqual(BROWSER_HOST_DESKTOP_STATE);
    await expect(desktopHandlers(hub).restartToUpdate()).rejects.toMatchObject({ code: 'unsupported' });
  });
});
