// The yardstick of `npm run bench:load` (scripts/bench-load.mjs): the smallest
// Vite + React page, one button. Built by the benchmark into a temporary
// directory, never part of the app's build.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return (
    <button type="button" onClick={() => console.log('pressed')}>
      Press me
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
