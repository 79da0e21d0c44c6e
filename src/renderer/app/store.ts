// The desk's one zustand store, combined from one typed slice per feature (STYLE.md, zustand habit).
// It is created around a DeskApi so the app uses the host's and tests pass a fake.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../shared/desk-api/contract';
import { createSessionSlice } from '../features/session/slice';
import type { SessionSlice } from '../features/session/slice';
import { createInboxSlice } from '../features/inbox/slice';
import type { InboxSlice } from '../features/inbox/slice';
import { createConversationSlice } from '../features/conversation/slice';
import type { ConversationSlice } from '../features/conversation/slice';
import { createAssistSlice } from '../features/assist/slice';
import type { AssistSlice } from '../features/assist/slice';
import { createKbSlice } from '../features/kb/slice';
import type { KbSlice } from '../features/kb/slice';
import { createSettingsSlice } from '../features/settings/slice';
import type { SettingsSlice } from '../features/settings/slice';
import { createUiSlice } from '../features/ui/slice';
import type { UiSlice } from '../features/ui/slice';
import { createSupervisorSlice } from '../features/supervisor/slice';
import type { SupervisorSlice } from '../features/supervisor/slice';

export type DeskState = SessionSlice &
  InboxSlice &
  ConversationSlice &
  AssistSlice &
  KbSlice &
  SettingsSlice &
  UiSlice &
  SupervisorSlice;

export type DeskStore = StoreApi<DeskState>;

/** What every slice creator receives: zustand's set/get on the combined store, and the DeskApi. */
export type SliceCreator<T> = (set: DeskStore['setState'], get: () => DeskState, api: DeskApi) => T;

export interface DeskStoreOptions {
  /** How long typing waits before the draft is saved; tests pass 0. */
  draftSaveDelayMs?: number;
}

export function createDeskStore(api: DeskApi, options: DeskStoreOptions = {}): DeskStore {
  return createStore<DeskState>()((set, get) => ({
    ...createSessionSlice(set, get, api),
    ...createInboxSlice(set, get, api),
    ...createConversationSlice(set, get, api, options.draftSaveDelayMs ?? 400),
    ...createAssistSlice(set, get, api),
    ...createKbSlice(set, get, api),
    ...createSettingsSlice(set, get, api),
    ...createUiSlice(set, get, api),
    ...createSupervisorSlice(set, get, api),
  }));
}
