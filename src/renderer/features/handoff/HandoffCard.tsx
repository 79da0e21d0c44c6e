// Why the bot handed off, what the customer was last told, how long they have waited and how fast they were answered.
import { useState } from 'react';
import { useDesk } from '../../app/store-context';
import { useNow } from '../../lib/use-now';
import { formatDuration, secondsSince } from '../../lib/format';
import { Card } from '../ui/Card';
import { TRIGGER_LABELS } from '../../../shared/domain/triggers';
import { customerWaitingSince, handoffTimes } from './handoff-times';

export function HandoffCard({ handoffId }: { handoffId: string }) {
  const detail = useDesk((s) => s.details[handoffId]);
  const now = useNow();
  const [expanded, setExpanded] = useState(false);
  if (!detail) return null;
  const told = detail.expectations[detail.expectations.length - 1];
  const times = handoffTimes(detail);
  const waitingSince = customerWaitingSince(detail);

  return (
    <Card title="Hand-off" testId="handoff-card">
      <dl className="facts">
        <dt>Trigger</dt>
        <dd data-testid="handoff-trigger">{TRIGGER_LABELS[detail.reason.trigger]}</dd>
        {detail.reason.detail ? (
          <>
            <dt>Detail</dt>
            <dd>{detail.reason.detail}</dd>
          </>
        ) : null}
        <dt>Customer was told</dt>
        <dd>
          {told ? (
            <button type="button" className={`told ${expanded ? 'is-expanded' : ''}`} onClick={() => setExpanded(!expanded)} title={expanded ? 'Show less' : 'Show all'} data-testid="handoff-told">
              “{told.text}”
            </button>
          ) : (
            '—'
          )}
        </dd>
        <dt>Waiting</dt>
        <dd className="tabular" data-testid="handoff-waited">
          {waitingSince ? formatDuration(secondsSince(waitingSince, now)) : 'Answered'}
        </dd>
        <dt>Time to answer</dt>
        <dd className="tabular">{times.timeToAnswerSeconds !== undefined ? formatDuration(times.timeToAnswerSeconds) : 'Not answered yet'}</dd>
      </dl>
    </Card>
  );
}
