// Baton Desk's Electron main process: the only code (with the preload) that imports electron. It is thin on
// purpose: the desk services do the work, and every decision worth testing lives in a small pure module here
// (window options, sender check, URL policy, notification text, hotkey choice, secret storage).
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, nativeImage, Notification, protocol, safeStorage, session, shell, Tray } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeskEventSink, Offer } from '../../shared/desk-api/contract';
import { createLogger, logLevelFrom } from '../../shared/log';
import { defaultAssistFactory } from '../services/desk/assist-wiring';
import { createDeskService, type DeskService } from '../services/desk/desk-service';
import { DEFAULT_GLOBAL_HOTKEY } from '../services/desk/desk-settings';
import { APP_ORIGIN, APP_SCHEME, appProtocolResponse, ELECTRON_CSP } from './app-protocol';
import { DESK_EVENT_CHANNEL, registerDeskIpc } from './desk-ipc';
import { offerNotification, registerGlobalHotkey, trayTooltip } from './desktop-signals';
import { applyNavigationPolicy, createExternalOpener, externalHostsFrom } from './navigation-policy';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { mainWindowFrame, quickSearchWindowFrame } from './window-options';

const logger = createLogger('desk-electron', { level: logLevelFrom(process.env.BATON_LOG_LEVEL, 'info') });
const root = app.getAppPath();
const rendererDir = join(root, 'out/renderer');
const preload = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
// electron-vite dev serves the renderer over http; production uses app://desk.
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;
const appUrl = (hash = '') => `${devUrl ?? `${APP_ORIGIN}/index.html`}${hash}`;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const isFirstInstance = app.requestSingleInstanceLock();

let mainWindow: BrowserWindow | undefined;
let quickSearch: BrowserWindow | undefined;
let tray: Tray | undefined;
let desk: DeskService | undefined;
const offers = new Set<string>();
let linkStateName = 'connecting';
let notificationsOn = true;

// Links leave the app only to the hosts BATON_EXTERNAL_HOSTS lists, over https: createExternalOpener checks the
// URL before the callback below runs, which is why electronegativity's OPEN_EXTERNAL_JS_CHECK (it flags any
// openExternal whose argument is not a string literal) is waived on that one call.
const openExternal = createExternalOpener(
  externalHostsFrom(process.env.BATON_EXTERNAL_HOSTS),
  /* eng-disable OPEN_EXTERNAL_JS_CHECK */ (url) => void shell.openExternal(url),
  (host) => logger.warn('host.external_link_refused', { host }),
);

function updateTray(): void {
  const waiting = offers.size;
  tray?.setToolTip(trayTooltip(waiting, linkStateName));
  if (process.platform === 'darwin') tray?.setTitle(waiting ? String(waiting) : '');
  if (process.platform !== 'win32') app.setBadgeCount(waiting);
}

function notifyOffer(offer: Offer): void {
  if (!notificationsOn || !Notification.isSupported()) return;
  const n = new Notification({ ...offerNotification(offer), silent: false });
  n.on('click', () => showMain());
  n.show();
}

const events: DeskEventSink = (event, payload) => {
  if (event === 'onOffer') {
    const offer = payload as Offer;
    offers.add(offer.conversation.handoffId);
    notifyOffer(offer);
  } else if (event === 'onOfferRevoked') offers.delete((payload as { handoffId: string }).handoffId);
  else if (event === 'onConversation') offers.delete((payload as { handoffId: string }).handoffId);
  else if (event === 'onLinkState') linkStateName = (payload as { state: string }).state;
  else if (event === 'onSettings') {
    const s = payload as { globalHotkey: string; notifications: boolean };
    notificationsOn = s.notifications;
    registerHotkey(s.globalHotkey);
  }
  if (event === 'onOffer' || event === 'onOfferRevoked' || event === 'onConversation' || event === 'onLinkState') updateTray();
  for (const win of [mainWindow, quickSearch]) if (win && !win.isDestroyed()) win.webContents.send(DESK_EVENT_CHANNEL, event, payload);
};

function registerHotkey(preferred: string | undefined): void {
  const r = registerGlobalHotkey(globalShortcut, preferred, DEFAULT_GLOBAL_HOTKEY, toggleQuickSearch);
  if (!r.warning) return;
  logger.warn('host.hotkey_fallback', { accelerator: r.accelerator ?? null });
  // The warning says what to do (choose another hotkey in Settings): the agent has to see it, not just the log.
  if (Notification.isSupported()) new Notification({ title: 'Baton Desk', body: r.warning }).show();
}

function harden(win: BrowserWindow): void {
  applyNavigationPolicy(win.webContents, openExternal);
  win.webContents.session.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
}

function showMain(): void {
  if (!mainWindow || mainWindow.isDestroyed()) createMainWindow();
  mainWindow?.show();
  mainWindow?.focus();
}

function createMainWindow(): void {
  // The webPreferences are spelled out at each window, not built by a helper, so electronegativity can check them.
  // PRELOAD_JS_CHECK (it asks for a review of every preload) is waived: the preload (src/preload/index.ts) runs
  // sandboxed and exposes only the DeskApi calls through contextBridge; main checks each call's sender
  // (ipc-guard.ts) and its arguments against the contract's schemas (desk-ipc.ts).
  mainWindow = new BrowserWindow({
    ...mainWindowFrame,
    webPreferences: {
      /* eng-disable PRELOAD_JS_CHECK */ preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  harden(mainWindow);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(appUrl());
}

function toggleQuickSearch(): void {
  if (quickSearch && !quickSearch.isDestroyed() && quickSearch.isVisible()) {
    quickSearch.hide();
    return;
  }
  if (!quickSearch || quickSearch.isDestroyed()) {
    // Same webPreferences as the main window, and the same PRELOAD_JS_CHECK waiver (see createMainWindow).
    quickSearch = new BrowserWindow({
      ...quickSearchWindowFrame,
      webPreferences: {
        /* eng-disable PRELOAD_JS_CHECK */ preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
        spellcheck: true,
      },
    });
    harden(quickSearch);
    quickSearch.on('blur', () => quickSearch?.hide());
    void quickSearch.loadURL(appUrl('#/quick-search'));
  }
  quickSearch.center();
  quickSearch.show();
  quickSearch.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request));
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });

  const dataDir = process.env.BATON_DATA_DIR ?? join(app.getPath('userData'), 'desk');
  desk = createDeskService({
    dataDir,
    host: 'electron',
    events,
    secrets: createSafeStorageSecretStore(safeStorage, dataDir),
    env: process.env,
    logger,
    seedKbFile: join(root, 'resources/seed/kb.json'),
    ...(defaultAssistFactory ? { assist: defaultAssistFactory } : {}),
  });
  registerDeskIpc(ipcMain, desk.handlers, appOrigin, logger);
  await desk.start();

  const settings = await desk.handlers.getSettings({});
  if (settings.ok) {
    notificationsOn = settings.value.notifications;
    registerHotkey(settings.value.globalHotkey);
  }
  const icon = join(root, 'resources/icon.png');
  tray = new Tray(existsSync(icon) ? nativeImage.createFromPath(icon) : nativeImage.createEmpty());
  tray.on('click', () => showMain());
  updateTray();
  createMainWindow();
}

app.on('second-instance', () => showMain());
app.on('activate', () => showMain());
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
// Close the cache cleanly before the process ends: hold the quit until the desk has stopped.
let stoppingDesk = false;
app.on('before-quit', (event) => {
  if (stoppingDesk || !desk) return;
  event.preventDefault();
  stoppingDesk = true;
  globalShortcut.unregisterAll();
  void desk.stop().finally(() => app.quit());
});

if (!isFirstInstance) {
  // Another Baton Desk is running: it gets focus (second-instance) and this one leaves.
  app.quit();
} else {
  start().catch((e: unknown) => {
    // The log gets the kind of failure only (a message may hold paths with the user's name); the person gets
    // the whole message, which says what to do (e.g. a cache written by a newer Baton Desk).
    logger.error('host.start_failed', { error: e instanceof Error ? e.name : 'unknown' });
    dialog.showErrorBox('Baton Desk could not start', e instanceof Error ? e.message : String(e));
    app.quit();
  });
}
