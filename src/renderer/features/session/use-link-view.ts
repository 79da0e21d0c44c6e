// The links' state as components read it: one shallowly compared view, so a component re-renders only when
// what it shows (label, readiness, reason) changes.
import { useShallow } from 'zustand/react/shallow';
import { useDesk } from '../../app/store-context';
import { linkView, type LinkView } from './link-label';

export const useLinkView = (): LinkView => useDesk(useShallow((s) => linkView(s.link, s.desk)));
