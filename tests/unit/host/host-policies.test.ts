import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appRequestPath } from '../../../src/main/host/app-protocol';
import { handleDeskCall } from '../../../src/main/host/desk-ipc';
import { offerNotification, registerGlobalHotkey, trayTooltip } from '../../../src/main/host/desktop-signals';
import { isTrustedSender } from '../../../src/main/host/ipc-guard';
import { applyNavigationPolicy, createExternalOpener, externalHostsFrom, isSafeExternalUrl } from '../../../src/main/host/navigation-policy';
import { createSafeStorageSecretStore, weakBackendWarning } from '../../../src/main/host/safe-storage-secrets';
import { mainWindowFrame, quickSearchWindowFrame } from '../../../src/main/host/window-options';
import type { DeskApiHandlers } from '../../../src/shared/desk-api/contract';
import { silentLogger } from '../../../src/shared/log';
import { ok } from '../../../src/shared/result';

// The Electron event type stays in src/main/host; tests build the fake through the handler's own parameter type.
type IpcMainInvokeEvent = Parameters<ReturnType<typeof handleDeskCall>>[0];

function fakeEvent(opts: { url: string; top?: boolean; noFrame?: boolean }): IpcMainInvokeEvent {
  const mainFrame = { url: opts.url };
  const senderFrame = opts.noFrame ? null : opts.top === false ? { url: opts.url } : mainFrame;
  return { senderFrame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
}

describe('IPC sender check', () => {
  it('accepts only the top frame of a page loaded from the app origin', () => {
    expect(isTrustedSender(fakeEvent({ url: 'app://desk/index.html' }), APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(fakeEvent({ url: 'app://desk/index.html', top: false }), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'https://evil.example/' }), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'app://desk.evil/index.html' }), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'file:///etc/passwd' }), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(fakeEvent({ url: 'app://desk/', noFrame: true }), APP_ORIGIN)).toBe(false);
  });

  it('refuses a foreign frame before the handler runs, and validates input for a trusted one', async () => {
    let calls = 0;
    const handlers = { getSettings: () => (calls++, ok('settings')) } as unknown as DeskApiHandlers;
    const handle = handleDeskCall(handlers, APP_ORIGIN, silentLogger);
    expect(await handle(fakeEvent({ url: 'https://evil.example/' }), 'getSettings', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toBe(0);
    expect(await handle(fakeEvent({ url: 'app://desk/index.html' }), 'getSettings', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await handle(fakeEvent({ url: 'app://desk/index.html' }), 'getSettings', {})).toEqual({ ok: true, value: 'settings' });
    expect(calls).toBe(1);
  });
});

describe('window frames', () => {
  // The webPreferences are literal at each new BrowserWindow in index.ts and checked there by electronegativity
  // (tests/integration/trust/electronegativity.test.ts); a frame spread before them must not carry any.
  it('carry no webPreferences that could override the literal ones', () => {
    for (const frame of [mainWindowFrame, quickSearchWindowFrame]) expect(frame).not.toHaveProperty('webPreferences');
    expect(quickSearchWindowFrame).toMatchObject({ alwaysOnTop: true, frame: false });
  });
});

describe('external links', () => {
  it('reads the allow-list from BATON_EXTERNAL_HOSTS, none when unset', () => {
    expect(externalHostsFrom(undefined)).toEqual([]);
    expect(externalHostsFrom(' Help.Example.com, *.docs.example.org ,, bad host,https://x.example ')).toEqual(['help.example.com', '*.docs.example.org']);
  });

  it('opens only https links on a listed host, naming just the host of a refused one', () => {
    const opened: string[] = [];
    const refused: string[] = [];
    const open = createExternalOpener(externalHostsFrom('help.example.com,*.docs.example.org'), (url) => opened.push(url), (host) => refused.push(host));
    for (const good of ['https://help.example.com/refunds?x=1', 'https://HELP.example.com./a', 'https://v2.docs.example.org/guide']) expect(open(good), good).toBe(true);
    for (const bad of [
      'http://help.example.com/refunds', // not https
      'https://evil.example/phish', // not listed
      'https://help.example.com.evil.example/', // listed name as a prefix only
      'https://docs.example.org/', // *. covers subdomains, not the domain itself
      'https://nothelp.example.com/',
      'https://user:pw@help.example.com/', // credentials in the link
      'mailto:support@example.com',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(open(bad), bad).toBe(false);
    }
    expect(opened).toEqual(['https://help.example.com/refunds?x=1', 'https://HELP.example.com./a', 'https://v2.docs.example.org/guide']);
    expect(refused).toEqual(['help.example.com', 'evil.example', 'help.example.com.evil.example', 'docs.example.org', 'nothelp.example.com', 'help.example.com', '', '', '']);
  });

  it('opens nothing when the list is empty', () => {
    const opened: string[] = [];
    expect(createExternalOpener([], (url) => opened.push(url))('https://help.example.com/')).toBe(false);
    expect(opened).toEqual([]);
  });
});

describe('navigation policy', () => {
  it('lets only https and mailto links out', () => {
    expect(isSafeExternalUrl('https://help.example.com/refunds')).toBe(true);
    expect(isSafeExternalUrl('mailto:support@example.com')).toBe(true);
    for (const bad of ['http://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'app://desk/index.html', 'data:text/html,hi', 'https://user:pw@evil.example', 'not a url', 'smb://host/share']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });

  it('denies navigation and new windows, opening only checked links externally', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let windowOpen: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url: string) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (windowOpen = fn),
    };
    const opened: string[] = [];
    applyNavigationPolicy(contents as never, (url) => opened.push(url));
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    handlers.get('will-navigate')!(event, 'https://evil.example/phish');
    handlers.get('will-navigate')!(event, 'javascript:alert(1)');
    expect(prevented).toBe(2);
    expect(windowOpen!({ url: 'https://help.example.com/a' })).toEqual({ action: 'deny' });
    expect(windowOpen!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/phish', 'https://help.example.com/a']);
  });
});

describe('app:// protocol', () => {
  it('maps requests into the renderer folder and refuses everything else', () => {
    const root = '/opt/baton/out/renderer';
    expect(appRequestPath(root, 'app://desk/index.html')).toBe(`${root}/index.html`);
    expect(appRequestPath(root, 'app://desk/assets/app.js?v=1')).toBe(`${root}/assets/app.js`);
    expect(appRequestPath(root, 'app://desk/settings')).toBe(`${root}/index.html`);
    expect(appRequestPath(root, 'app://desk/../../etc/passwd')).toBeUndefined();
    expect(appRequestPath(root, 'app://desk/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(appRequestPath(root, 'app://other/index.html')).toBeUndefined();
    expect(appRequestPath(root, 'https://desk/index.html')).toBeUndefined();
  });
});

describe('desktop signals', () => {
  const offer = {
    expiresAt: '2026-01-01T00:00:30.000Z',
    conversation: { handoffId: 'h', customer: { id: 'c', name: 'Ada', tier: 'VIP' }, reason: { trigger: 'customer_request' }, queue: 'billing' },
  } as never;

  it('builds the offer notification from name, tier, reason and queue', () => {
    expect(offerNotification(offer)).toEqual({ title: 'New hand-off: Ada (VIP)', body: 'customer request · billing queue. Open Baton Desk to accept.' });
    expect(trayTooltip(2, 'online')).toBe('Baton Desk — 2 offers waiting (online)');
  });

  it('registers the hotkey from settings, falling back to the default when it is taken', () => {
    const taken = new Set(['Alt+Space']);
    const registered: string[] = [];
    const shortcuts = { register: (acc: string) => (taken.has(acc) ? false : (registered.push(acc), true)), unregisterAll: () => registered.splice(0) };
    expect(registerGlobalHotkey(shortcuts, 'Ctrl+Alt+K', 'CommandOrControl+Shift+Space', () => {})).toEqual({ accelerator: 'Ctrl+Alt+K' });
    const r = registerGlobalHotkey(shortcuts, 'Alt+Space', 'CommandOrControl+Shift+Space', () => {});
    expect(r.accelerator).toBe('CommandOrControl+Shift+Space');
    expect(r.warning).toContain('Alt+Space');
    expect(registered).toEqual(['CommandOrControl+Shift+Space']);
  });
});

describe('safeStorage secrets', () => {
  const fakeSafeStorage = (backend: string, available = true) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`enc(${s})`),
    decryptString: (b: Buffer) => b.toString().replace(/^enc\((.*)\)$/, '$1'),
    getSelectedStorageBackend: () => backend,
  });

  it('stores secrets encrypted, in a file only the user can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-secrets-'));
    try {
      const store = createSafeStorageSecretStore(fakeSafeStorage('gnome_libsecret'), dir, 'linux');
      store.set('agentToken', 'tok-123');
      expect(store.get('agentToken')).toBe('tok-123');
      const raw = readFileSync(join(dir, 'secrets.enc.json'), 'utf8');
      expect(raw).not.toContain('tok-123');
      expect(statSync(join(dir, 'secrets.enc.json')).mode & 0o777).toBe(0o600);
      expect(store.weakWarning).toBeUndefined();
      store.set('agentToken', '');
      expect(store.get('agentToken')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns when Linux offers only the basic_text backend or no encryption at all', () => {
    expect(weakBackendWarning(fakeSafeStorage('basic_text'), 'linux')).toMatch(/keyring/);
    expect(weakBackendWarning(fakeSafeStorage('basic_text'), 'darwin')).toBeUndefined();
    expect(weakBackendWarning(fakeSafeStorage('unknown', false), 'win32')).toMatch(/unencrypted/);
  });
});
