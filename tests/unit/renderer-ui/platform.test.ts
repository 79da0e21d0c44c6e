// The renderer's Platform: picked once from what the page was given (the Electron preload's window.baton or
// nothing), with named capabilities; the status bar and the settings screen render from it, so a browser tab
// offers no system-wide shortcut and the desktop app names itself. Components are rendered to markup with
// react-dom/server (no DOM here); settings come from a real store fed by the fake DeskApi. This folder is
// typechecked with the web tsconfig (DOM, JSX), as the components it imports are.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createDeskStore } from '../../../src/renderer/app/store';
import { DeskStoreProvider } from '../../../src/renderer/app/store-context';
import { SettingsScreen } from '../../../src/renderer/features/settings/SettingsScreen';
import { StatusBar } from '../../../src/renderer/features/session/StatusBar';
import { browserPlatform, detectPlatform, electronPlatform } from '../../../src/renderer/platform/platform';
import type { Platform } from '../../../src/renderer/platform/platform';
import { PlatformProvider } from '../../../src/renderer/platform/platform-context';
import { createFakeDeskApi, settingsView } from '../renderer/fake-desk-api';

function render(platform: Platform, component: () => ReturnType<typeof createElement> | null): string {
  const fake = createFakeDeskApi();
  const store = createDeskStore(fake.api);
  // The host reports itself the other way round: the screen must follow the platform, not this field.
  store.getState().applySettings(settingsView({ host: platform.kind === 'electron' ? 'browser' : 'electron' }));
  // Server rendering reads a zustand store's initial state; hand it the state as it is now, settings loaded.
  const loaded = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    createElement(PlatformProvider, { platform, children: createElement(DeskStoreProvider, { store: loaded, children: createElement(component) }) }),
  );
}

describe('renderer platform', () => {
  it('is Electron when the preload exposed window.baton, the browser host otherwise', () => {
    expect(detectPlatform({ baton: createFakeDeskApi().api })).toBe(electronPlatform);
    expect(detectPlatform({})).toBe(browserPlatform);
    expect(detectPlatform(undefined)).toBe(browserPlatform);
  });

  it('names capabilities that differ by host, fixed once chosen', () => {
    expect(electronPlatform).toMatchObject({ label: 'Desktop app', pageNotifiesOffers: false, globalQuickSearchHotkey: true });
    expect(browserPlatform).toMatchObject({ label: 'Browser', pageNotifiesOffers: true, globalQuickSearchHotkey: false });
    expect(Object.isFrozen(electronPlatform) && Object.isFrozen(browserPlatform)).toBe(true);
  });

  it('the status bar names the host from the platform', () => {
    expect(render(electronPlatform, StatusBar)).toContain('<span data-testid="host-kind">Desktop app</span>');
    expect(render(browserPlatform, StatusBar)).toContain('<span data-testid="host-kind">Browser</span>');
  });

  it('the settings screen offers the system-wide quick-search shortcut only where the platform has one', () => {
    expect(render(electronPlatform, SettingsScreen)).toContain('data-testid="settings-global-hotkey"');
    const browser = render(browserPlatform, SettingsScreen);
    expect(browser).toContain('data-testid="settings-notifications"');
    expect(browser).not.toContain('data-testid="settings-global-hotkey"');
  });

  it('a component that needs the platform says so when none was provided', () => {
    const store = createDeskStore(createFakeDeskApi().api);
    expect(() => renderToStaticMarkup(createElement(DeskStoreProvider, { store, children: createElement(StatusBar) }))).toThrow(/PlatformProvider is missing/);
  });
});
