/**
 * The full stage ("Show internals"): a card per process over the band of kernel objects, with lines
 * from the highlighted process's handles to the objects they open, and a
 * token that carries each step's movement. Everything shown is
 * `stageView(trace, state)`; this component only measures and animates.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messages } from '../../messages';
import { selectMovedForward, selectSpeed } from '../../store';
import { useRunState } from '../../store-context';
import type { StepView } from '../use-step-view';
import { KernelBand } from './KernelBand';
import { stageView, stepEffect } from './model';
import { preloadMotionWhenIdle } from './motion';
import { ProcessCard } from './ProcessCard';
import { StageOverlay } from './StageOverlay';

const s = messages.stage;

export function FullStage({ view }: { view: StepView }) {
  const trace = view.result.trace;
  const stage = useMemo(() => stageView(trace, view.state), [trace, view.state]);
  const effect = useMemo(() => stepEffect(trace, view.step), [trace, view.step]);
  const speed = useRunState(selectSpeed);
  const forward = useRunState(selectMovedForward);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const [pointedHandle, setPointedHandle] = useState<number | null>(null);
  const [settled, setSettled] = useState(0);
  const [everyHandle, setEveryHandle] = useState(false);
  const onSettled = useCallback(() => setSettled((n) => n + 1), []);
  // framer-motion, for the first step that moves: after this view's first picture.
  useEffect(preloadMotionWhenIdle, []);

  const last = view.state.last;
  const focusPid =
    hovered !== null && stage.cards.some((c) => c.pid === hovered) ? hovered : stage.currentPid;
  const activeHandle =
    last && last.pid === focusPid && 'handle' in last && typeof last.handle === 'number'
      ? last.handle
      : null;
  const strongHandles = useMemo(
    () => [activeHandle, pointedHandle].filter((h): h is number => h !== null),
    [activeHandle, pointedHandle],
  );
  const bornPid = last?.kind === 'process.start' && forward ? last.pid : null;

  return (
    <>
      <div className="stage-full">
        <p className="hint">{s.caption}</p>
        <label className="stage-every-handle">
          <input
            type="checkbox"
            checked={everyHandle}
            onChange={(e) => setEveryHandle(e.target.checked)}
          />{' '}
          {s.everyHandle}
        </label>
        <div className="stage-canvas" ref={canvasRef} onMouseLeave={() => setHovered(null)}>
          <div className="stage-cards">
            {stage.cards.map((card) => (
              <ProcessCard
                key={card.pid}
                card={card}
                born={card.pid === bornPid}
                focused={card.pid === focusPid}
                onFocus={setHovered}
                onSettled={onSettled}
                onHandle={setPointedHandle}
              />
            ))}
          </div>
          <KernelBand families={stage.families} />
          <StageOverlay
            canvasRef={canvasRef}
            step={view.step}
            forward={forward}
            focusPid={focusPid}
            strongHandles={strongHandles}
            everyHandle={everyHandle}
            effect={effect}
            settled={settled}
            speed={speed}
          />
        </div>
      </div>
    </>
  );
}
