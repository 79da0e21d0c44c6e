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
const TopGap = () => <div className="transcript-top" />;
const components = { Header: TopGap };

export function Transcript({ handoffId, messages, reason }: { handoffId: string; messages: readonly DeskMessage[]; reason: HandoffReason }) {
  const rows = useMemo(() => buildTranscriptRows(messages, reason), [messages, reason]);
  const list = useRef<VirtuosoHandle>(null);
  // How many rows the agent had seen when they left the bottom; undefined while they are at the bottom.
  const [seenCount, setSeenCount] = useState<number | undefined>(undefined);
  const rowCount = useRef(rows.length);
  rowCount.current = rows.length;
  // The row count when the list last said it was at the bottom. Virtuoso may report leaving the bottom only
  // after a new row arrived, so the rows seen are taken from here, never from the count at that report.
  const countAtBottom = useRef(rows.length);
  const leftBottom = useCallback(() => {
    const seen = countAtBottom.current;
    setSeenCount((prev) => prev ?? seen);
  }, []);
  const onAtBottom = useCallback(
    (atBottom: boolean) => {
      if (!atBottom) return leftBottom();
      countAtBottom.current = rowCount.current;
      setSeenCount(undefined);
    },
    [leftBottom],
  );
  // Called with the list's own bottom state whenever rows are added: the authority on whether they were seen.
  const followOutput = useCallback(
    (atBottom: boolean): 'auto' | false => {
      if (atBottom) {
        countAtBottom.current = rowCount.current;
        return 'auto';
      }
      leftBottom();
      return false;
    },
    [leftBottom],
  );
  const unseen = seenCount === undefined ? 0 : rows.slice(seenCount).filter((row) => row.kind === 'message').length;

  return (
    <div className="transcript-wrap">
      <Virtuoso
        // Another conversation is another list: it starts at its own bottom, with its own measurements.
        key={handoffId}
        ref={list}
        data={rows}
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
