// Renderer entry: builds the store around the host's DeskApi, wires events and offer alerts, mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getDeskApi, onDeskConnection } from './platform/desk-api';
import { detectPlatform } from './platform/platform';
import { PlatformProvider } from './platform/platform-context';
import { createDeskStore } from './app/store';
import { bootstrapDesk } from './app/bootstrap';
import { DeskStoreProvider } from './app/store-context';
import { App } from './app/App';
import { OnDemand, QuickSearch } from './app/on-demand';
import { playOfferBeep, showOfferNotification, unlockAudioOnFirstGesture } from './features/notify/offer-alert';
import { waitingCount, windowTitle } from './features/inbox/selectors';
import { warmFormatters } from './lib/format';
import './styles/theme.css';
import './styles/app.css';

// Chosen once: every capability check below and in the app reads this object.
const platform = detectPlatform(window);
const api = getDeskApi();
const store = createDeskStore(api);
// The Electron host opens the same page as its small quick-search window: knowledge base only, no alerts.
const quickSearch = location.hash.startsWith('#/quick-search');

if (!quickSearch) unlockAudioOnFirstGesture();
// After first paint, off the path of the first conversation the agent opens.
if (!quickSearch) (window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200)))(() => warmFormatters());
// Whether the page reaches the desk backend at all: the status bar and every action read it.
onDeskConnection((state) => store.getState().applyDeskConnection(state));
if (!quickSearch) void bootstrapDesk(api, store, {
  onNewOffer: (_handoffId, customerName, queue) => {
    const settings = store.getState().settings;
    if (settings?.sounds !== false) playOfferBeep();
    if (settings?.notifications !== false && platform.pageNotifiesOffers) {
      // Clicking brings the desk forward with the offer in view; accepting stays a deliberate act.
      showOfferNotification(customerName, queue, () => store.getState().setView('desk'));
    }
  },
});

// The window title carries the waiting count so it shows in the task bar even when the desk is behind.
store.subscribe((state, previous) => {
  if (state.offers !== previous.offers) document.title = windowTitle(waitingCount(state.offers));
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <PlatformProvider platform={platform}>
        <DeskStoreProvider store={store}>
          {quickSearch ? (
            <OnDemand what="quick search">
              <QuickSearch />
            </OnDemand>
          ) : (
            <App />
          )}
        </DeskStoreProvider>
      </PlatformProvider>
    </StrictMode>,
  );
}
