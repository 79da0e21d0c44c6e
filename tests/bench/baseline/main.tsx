// The renderer bench's baseline page: React, ReactDOM and react-virtuoso only, with the desk's stylesheet, so
// the desk is compared with the least a page can do to show the same transcript. It shows a conversation the
// way the desk's transcript does (same markup, same Virtuoso settings, one shared clock formatter) after
// fetching its messages from its host on click, as the desk fetches its conversation from its own host.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Virtuoso } from 'react-virtuoso';
import '../../../src/renderer/styles/theme.css';
import '../../../src/renderer/styles/app.css';

interface Message {
  id: string;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  at: string;
  beforeHandoff?: boolean;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const params = new URLSearchParams(location.search);
const width = Number(params.get('w') ?? 800);
const height = Number(params.get('h') ?? 600);

function Row({ m }: { m: Message }) {
  const side = m.role === 'customer' ? 'left' : 'right';
  const label = m.role === 'bot' ? 'Bot' : m.role === 'agent' ? 'You' : undefined;
  return (
    <div className="transcript-item">
      <div className={`bubble-row ${side}`}>
        <div className={`bubble bubble-${m.role} ${m.beforeHandoff ? 'is-bot-era' : ''} `} data-testid="message" data-role={m.role}>
          {label ? <div className="bubble-label">{label}</div> : null}
          <div className="bubble-text">{m.text}</div>
          <div className="bubble-meta">
            <time>{clock.format(Date.parse(m.at))}</time>
          </div>
        </div>
      </div>
    </div>
  );
}

const TopGap = () => <div className="transcript-top" />;
const components = { Header: TopGap };

function Page() {
  const [messages, setMessages] = useState<Message[] | undefined>(undefined);
  const open = (n: string) => void fetch(`./messages-${n}.json`).then((r) => r.json() as Promise<Message[]>).then(setMessages);
  return (
    <div>
      <button type="button" data-testid="open-5000" onClick={() => open('5000')}>5,000</button>
      <button type="button" data-testid="open-200" onClick={() => open('200')}>200</button>
      <div className="transcript-wrap" style={{ width, height, flex: 'none' }}>
        {messages ? (
          <Virtuoso
            data={messages}
            computeItemKey={(_i, m) => m.id}
            itemContent={(_i, m) => <Row m={m} />}
            components={components}
            initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
            followOutput={(atBottom) => (atBottom ? 'auto' : false)}
            atBottomThreshold={48}
            increaseViewportBy={600}
            defaultItemHeight={72}
            className="transcript"
            data-testid="transcript"
          />
        ) : null}
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Page />);
