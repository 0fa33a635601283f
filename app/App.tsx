import { useCallback, useRef } from 'react';
import { EngineLine } from './components/EngineLine';
import { LockCost, RunMany } from './components/lazy';
import { Notices } from './components/Notices';
import { ResultView } from './components/ResultView';
import { Switches } from './components/Switches';
import { messages } from './messages';
import { Walkthrough } from './walkthrough/Walkthrough';

export function App() {
  const mainRef = useRef<HTMLElement>(null);
  // When the last notice is dismissed, the focus goes to the Run button.
  const focusRun = useCallback(() => {
    mainRef.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
  }, []);
  return (
    <>
      <header className="page-header">
        <h1>{messages.productName}</h1>
        <p className="tagline">{messages.tagline}</p>
      </header>
      <main ref={mainRef} className="page">
        <div className="intro">
          <p>{messages.description}</p>
          <EngineLine />
          <Notices onEmpty={focusRun} />
        </div>
        <Switches />
        <ResultView />
        <Walkthrough />
        <RunMany />
        <LockCost />
      </main>
    </>
  );
}
