// Wrap-up, transfer and hand-back dialogs for the open conversation.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDesk } from '../../app/store-context';
import { Modal } from '../ui/Modal';
import { DISPOSITIONS } from './wrap-up-options';

export function ConversationDialogs() {
  const dialog = useDesk((s) => s.dialog);
  const activeId = useDesk((s) => s.activeId);
  const close = useDesk((s) => s.closeOverlays);
  if (!dialog || !activeId) return null;
  if (dialog === 'wrapup') return <WrapUpDialog handoffId={activeId} onClose={close} />;
  if (dialog === 'transfer') return <TransferDialog handoffId={activeId} onClose={close} />;
  return <HandBackDialog handoffId={activeId} onClose={close} />;
}

function WrapUpDialog({ handoffId, onClose }: { handoffId: string; onClose: () => void }) {
  const resolve = useDesk((s) => s.resolve);
  const [resolution, setResolution] = useState<'resolved' | 'unresolved'>('resolved');
  const [disposition, setDisposition] = useState<string>(DISPOSITIONS[0]);
  const [notes, setNotes] = useState('');
  const [requestCsat, setRequestCsat] = useState(true);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const done = await resolve(handoffId, { resolution, disposition, notes, requestCsat });
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Modal title="Wrap up" onClose={onClose} testId="wrapup-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <fieldset className="field">
          <legend className="field-label">Resolution</legend>
          <div className="segmented">
            {(['resolved', 'unresolved'] as const).map((value) => (
              <label key={value} className={`segment ${resolution === value ? 'is-selected' : ''}`}>
                <input type="radio" name="resolution" value={value} checked={resolution === value} onChange={() => setResolution(value)} data-testid={`resolution-${value}`} />
                {value === 'resolved' ? 'Resolved' : 'Unresolved'}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span className="field-label">Disposition</span>
          <select value={disposition} onChange={(e) => setDisposition(e.target.value)} data-testid="wrapup-disposition">
            {DISPOSITIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Notes</span>
          <textarea rows={4} value={notes} maxLength={5000} onChange={(e) => setNotes(e.target.value)} data-testid="wrapup-notes" placeholder="What was done, for the next person who reads this." />
        </label>
        <label className="check">
          <input type="checkbox" checked={requestCsat} onChange={(e) => setRequestCsat(e.target.checked)} data-testid="wrapup-csat" />
          Send CSAT survey to the customer
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="wrapup-submit">
            {busy ? 'Closing…' : 'Close conversation'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function TransferDialog({ handoffId, onClose }: { handoffId: string; onClose: () => void }) {
  const transfer = useDesk((s) => s.transfer);
  const loadSupervisor = useDesk((s) => s.loadSupervisor);
  const selfId = useDesk((s) => s.agent?.id);
  const knownQueues = useDesk(useShallow((s) => Array.from(new Set([...s.queues.map((q) => q.queue), ...s.conversations.map((c) => c.queue)])).sort()));
  const agents = useDesk((s) => s.agents);
  const [mode, setMode] = useState<'queue' | 'agent'>('queue');
  const [queue, setQueue] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadSupervisor();
  }, [loadSupervisor]);

  const target = mode === 'queue' ? queue.trim() : agentId;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    setBusy(true);
    const done = await transfer(handoffId, mode === 'queue' ? { queue: target, note: note || undefined } : { agentId: target, note: note || undefined });
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Modal title="Transfer conversation" onClose={onClose} testId="transfer-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="segmented">
          {(['queue', 'agent'] as const).map((value) => (
            <label key={value} className={`segment ${mode === value ? 'is-selected' : ''}`}>
              <input type="radio" name="transfer-mode" checked={mode === value} onChange={() => setMode(value)} />
              {value === 'queue' ? 'To a queue' : 'To an agent'}
            </label>
          ))}
        </div>
        {mode === 'queue' ? (
          <label className="field">
            <span className="field-label">Queue</span>
            <input list="transfer-queues" value={queue} onChange={(e) => setQueue(e.target.value)} data-testid="transfer-queue" placeholder="e.g. billing" />
            <datalist id="transfer-queues">
              {knownQueues.map((q) => (
                <option key={q} value={q} />
              ))}
            </datalist>
          </label>
        ) : (
          <label className="field">
            <span className="field-label">Agent</span>
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)} data-testid="transfer-agent">
              <option value="">{agents.some((a) => a.id !== selfId) ? 'Choose an agent…' : 'No other agent is known to this desk'}</option>
              {agents
                .filter((a) => a.id !== selfId)
                .map((a) => (
                  <option key={a.id} value={a.id} disabled={!a.connected}>
                    {a.name} — {a.connected ? a.status : 'offline'} ({a.activeConversations}/{a.capacity})
                  </option>
                ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field-label">Note for the next person (optional)</span>
          <textarea rows={3} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !target} data-testid="transfer-submit">
            Transfer
          </button>
        </div>
      </form>
    </Modal>
  );
}

function HandBackDialog({ handoffId, onClose }: { handoffId: string; onClose: () => void }) {
  const handBack = useDesk((s) => s.handBack);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const done = await handBack(handoffId, note || undefined);
    setBusy(false);
    if (done) onClose();
  };
  return (
    <Modal title="Hand back to the bot?" onClose={onClose} testId="handback-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p>The bot takes the conversation over again and it leaves your inbox. The customer is told.</p>
        <label className="field">
          <span className="field-label">Note for the bot (optional)</span>
          <textarea rows={3} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={busy} data-testid="handback-submit">
            Hand back
          </button>
        </div>
      </form>
    </Modal>
  );
}
