import { messages } from './messages';

const isolated = self.crossOriginIsolated === true;

export function App() {
  return (
    <main className="page">
      <header>
        <h1>{messages.productName}</h1>
        <p className="tagline">{messages.tagline}</p>
      </header>
      <p>{messages.description}</p>
      <p className="status" data-testid="isolation-status" data-isolated={String(isolated)}>
        <span className="status-label">{messages.isolation.label}:</span>{' '}
        {isolated ? messages.isolation.on : messages.isolation.off}
      </p>
      <p className="muted">{messages.comingSoon}</p>
    </main>
  );
}
