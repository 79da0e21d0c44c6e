// The conversation transcript, virtualized by react-virtuoso (measuring, scroll anchoring, following the
// bottom), with the "N new messages" pill when the agent scrolled up. Opening a conversation starts at its
// newest message; new rows are followed only while the agent is at the bottom.
import { useCallback, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { DeskMessage } from '../../../shared/desk-api/contract';
import type { HandoffReason } from '../../../shared/domain/handoff';
import { buildTranscriptRows } from './messages';
import type { TranscriptRow } from './messages';
import { TranscriptRowView } from './TranscriptRowView';

/** Within this many pixels of the bottom the list counts as "at the bottom" and follows new rows. */
export const BOTTOM_SLACK_PX = 48;
/** Rows rendered beyond the viewport, in pixels, so a quick scroll does not show blank space. */
const OVERSCAN_PX = 600;

const rowKey = (_index: number, row: TranscriptRow) => row.key;
const renderRow = (_index: number, row: TranscriptRow) => (
  <div className="transcript-item">
    <TranscriptRowView row={row} />
  </div>
);
/** Virtuoso's index of the first row; it decreases by the number of rows each earlier page prepends. */
const FIRST_INDEX = 1_000_000_000;

interface TranscriptProps {
  messages: readonly DeskMessage[];
  reason: HandoffReason;
  /** How many older messages exist beyond those loaded; scrolling to the top loads them. */
  earlier?: number;
  loadingEarlier?: boolean;
  onLoadEarlier?: () => void;
}

type TopContext = { earlier: number; loadingEarlier: boolean };
const TopOfTranscript = ({ context }: { context?: TopContext }) =>
  context && context.earlier > 0 ? (
    <div className="transcript-earlier" data-testid="transcript-earlier" role="status">
      {context.loadingEarlier ? 'Loading earlier messages…' : `${context.earlier.toLocaleString()} earlier ${context.earlier === 1 ? 'message' : 'messages'}: scroll up to load`}
    </div>
  ) : (
    <div className="transcript-top" />
  );
const components = { Header: TopOfTranscript };

/** One conversation's transcript: mount it keyed by the hand-off, so another conversation starts afresh at its bottom. */
export function Transcript({ messages, reason, earlier = 0, loadingEarlier = false, onLoadEarlier }: TranscriptProps) {
  const rows = useMemo(() => buildTranscriptRows(messages, reason), [messages, reason]);
  const list = useRef<VirtuosoHandle>(null);

  // Rows prepended by an earlier page move the first index down by as many, so Virtuoso keeps the reader's place.
  const first = useRef({ key: rows[0]?.key, index: FIRST_INDEX });
  if (rows[0]?.key !== first.current.key) {
    const shifted = rows.findIndex((r) => r.key === first.current.key);
    first.current = { key: rows[0]?.key, index: shifted > 0 ? first.current.index - shifted : first.current.index };
  }

  // The key of the last row the agent had seen when they left the bottom; undefined while they are at the bottom.
  const [seenKey, setSeenKey] = useState<string | undefined>(undefined);
  const lastKey = useRef(rows.at(-1)?.key);
  lastKey.current = rows.at(-1)?.key;
  // The last row when the list last said it was at the bottom. Virtuoso may report leaving the bottom only
  // after a new row arrived, so the rows seen are taken from here, never from the rows at that report.
  const keyAtBottom = useRef(lastKey.current);
  const leftBottom = useCallback(() => {
    const seen = keyAtBottom.current;
    if (seen !== undefined) setSeenKey((prev) => prev ?? seen);
  }, []);
  const onAtBottom = useCallback(
    (atBottom: boolean) => {
      if (!atBottom) return leftBottom();
      keyAtBottom.current = lastKey.current;
      setSeenKey(undefined);
    },
    [leftBottom],
  );
  // Called with the list's own bottom state whenever rows are added: the authority on whether they were seen.
  const followOutput = useCallback(
    (atBottom: boolean): 'auto' | false => {
      if (atBottom) {
        keyAtBottom.current = lastKey.current;
        return 'auto';
      }
      leftBottom();
      return false;
    },
    [leftBottom],
  );
  const seenAt = seenKey === undefined ? -1 : rows.findIndex((r) => r.key === seenKey);
  const unseen = seenAt < 0 ? 0 : rows.slice(seenAt + 1).filter((row) => row.kind === 'message').length;
  const context = useMemo<TopContext>(() => ({ earlier, loadingEarlier }), [earlier, loadingEarlier]);
  const startReached = useCallback(() => {
    if (earlier > 0 && !loadingEarlier) onLoadEarlier?.();
  }, [earlier, loadingEarlier, onLoadEarlier]);

  return (
    <div className="transcript-wrap">
      <Virtuoso
        ref={list}
        data={rows}
        firstItemIndex={first.current.index}
        context={context}
        startReached={startReached}
        computeItemKey={rowKey}
        itemContent={renderRow}
        components={components}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        followOutput={followOutput}
        atBottomStateChange={onAtBottom}
        atBottomThreshold={BOTTOM_SLACK_PX}
        increaseViewportBy={OVERSCAN_PX}
        defaultItemHeight={72}
        className="transcript"
        data-testid="transcript"
        role="log"
        aria-label="Conversation transcript"
        tabIndex={0}
      />
      {unseen > 0 ? (
        <button
          type="button"
          className="new-messages-pill"
          data-testid="new-messages-pill"
          onClick={() => list.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' })}
        >
          {unseen} new {unseen === 1 ? 'message' : 'messages'} ↓
        </button>
      ) : null}
    </div>
  );
}
