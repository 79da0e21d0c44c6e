// The card frame every right-column panel uses, so headers, spacing and borders are the same everywhere.
import type { ReactNode } from 'react';

export function Card({ title, aside, children, testId, className }: { title: string; aside?: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="card-header">
        <h3>{title}</h3>
        {aside ? <div className="card-aside">{aside}</div> : null}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}
