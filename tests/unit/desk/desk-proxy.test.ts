import { describe, expect, it } from 'vitest';
import { deskApiEvents, deskApiMethods, type DeskApiHandlers } from '../../../src/shared/desk-api/contract';
import { createDeskApiClient, dispatchDeskCall, type DeskTransport } from '../../../src/shared/desk-api/proxy';
import { ok } from '../../../src/shared/result';

const handlers = {
  sendReply: (input: { handoffId: string; text: string }) => ok({ echoed: input.text }),
  getSettings: () => {
    throw new Error('disk on fire');
  },
  transfer: (input: unknown) => ok(input),
} as unknown as DeskApiHandlers;

describe('DeskApi dispatch (host side)', () => {
  it('refuses names that are not DeskApi methods, including prototype keys', async () => {
    for (const name of ['deleteEverything', '__proto__', 'constructor', 'toString', 42, undefined]) {
      expect(await dispatchDeskCall(handlers, name, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('validates the input against the contract and names every bad field', async () => {
    const r = await dispatchDeskCall(handlers, 'sendReply', { handoffId: '', text: '   ', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['handoffId', 'text']);
    expect(await dispatchDeskCall(handlers, 'transfer', { handoffId: 'h', queue: 'billing', agentId: 'a' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await dispatchDeskCall(handlers, 'sendReply', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('hands the parsed input to the handler and turns a thrown error into data', async () => {
    expect(await dispatchDeskCall(handlers, 'sendReply', { handoffId: 'h1', text: '  hello  ' })).toEqual({ ok: true, value: { echoed: 'hello' } });
    expect(await dispatchDeskCall(handlers, 'getSettings', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('DeskApi client (renderer side)', () => {
  it('builds every method and event of the contract over one transport', async () => {
    const calls: string[] = [];
    const transport: DeskTransport = {
      call: async (method) => (calls.push(method), ok(method)),
      subscribe: () => () => {},
    };
    const api = createDeskApiClient(transport) as unknown as Record<string, (x?: unknown) => unknown>;
    for (const m of Object.keys(deskApiMethods)) expect(typeof api[m], m).toBe('function');
    for (const e of deskApiEvents) expect(typeof api[e]!(() => {}), e).toBe('function');
    expect(await api.getSnapshot!({})).toEqual({ ok: true, value: 'getSnapshot' });
    expect(calls).toEqual(['getSnapshot']);
  });

  it('answers a timeout error when the host never answers', async () => {
    const api = createDeskApiClient({ call: () => new Promise(() => {}), subscribe: () => () => {} }, 20);
    expect(await api.getSettings({})).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });
});
