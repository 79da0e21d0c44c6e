// The conversation transcript, virtualized, with the "N new messages" pill when the agent scrolled up.
import { useCallback, useMemo, useState } from 'react';
import type { DeskMessage } from '../../../shared/desk-api/contract';
import type { HandoffReason } from '../../../shared/domain/handoff';
import { VirtualList } from '../../lib/VirtualList';
import { buildTranscriptRows } from './messages';
import type { TranscriptRow } from './messages';
import { TranscriptRowView } from './TranscriptRowView';

const rowKey = (row: TranscriptRow) => row.key;
const renderRow = (row: TranscriptRow) => <TranscriptRowView row={row} />;

export function Transcript({ handoffId, messages, reason }: { handoffId: string; messages: readonly DeskMessage[]; reason: HandoffReason }) {
  const rows = useMemo(() => buildTranscriptRows(messages, reason), [messages, reason]);
  const [unseen, setUnseen] = useState(0);
  const [jump, setJump] = useState(0);
  const onUnseenChange = useCallback((n: number) => setUnseen(n), []);

  return (
    <div className="transcript-wrap">
      <VirtualList
        items={rows}
        getKey={rowKey}
        renderItem={renderRow}
        estimateHeight={72}
        overscan={10}
        resetKey={handoffId}
        onUnseenChange={onUnseenChange}
        scrollToBottomRequest={jump}
        className="transcript"
        testId="transcript"
        ariaLabel="Conversation transcript"
      />
      {unseen > 0 ? (
        <button type="button" className="new-messages-pill" data-testid="new-messages-pill" onClick={() => setJump((j) => j + 1)}>
          {unseen} new {unseen === 1 ? 'message' : 'messages'} ↓
        </button>
      ) : null}
    </div>
  );
}
