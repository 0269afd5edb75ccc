/**
 * The handle between the editor and the bottom dock (the terminal needs rows): drag it, or focus it and use the
 * arrow keys (Home / End for the smallest and largest). An ARIA `separator` with its value in pixels.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

/** Smallest dock and smallest editor above it, px. */
export const DOCK_MIN_PX = 120;
/** Smallest editor above the dock, px (a saved height gives way when the window is smaller). */
export const EDITOR_MIN_PX = 160;
const STEP_PX = 24;

export function DockResizer({ onResize, controls }: { onResize(px: number): void; controls: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The dock's real height (its parent), for the keyboard steps and the separator's value.
  const [height, setHeight] = useState(0);
  // The largest dock the column allows (the separator's aria-valuemax), measured with the column, not in render.
  const [maxPx, setMaxPx] = useState(DOCK_MIN_PX);
  useEffect(() => {
    const dock = ref.current?.parentElement;
    if (!dock) return;
    const column = ref.current?.closest<HTMLElement>('.ide-center');
    const observer = new ResizeObserver(() => {
      setHeight(dock.clientHeight);
      setMaxPx(Math.max(DOCK_MIN_PX, (column?.clientHeight ?? window.innerHeight) - EDITOR_MIN_PX));
    });
    observer.observe(dock);
    if (column) observer.observe(column);
    setHeight(dock.clientHeight);
    return () => observer.disconnect();
  }, []);
  const bounds = () => {
    const column = ref.current?.closest<HTMLElement>('.ide-center');
    const total = column?.clientHeight ?? window.innerHeight;
    return {
      min: DOCK_MIN_PX,
      max: Math.max(DOCK_MIN_PX, total - EDITOR_MIN_PX),
      bottom: column?.getBoundingClientRect().bottom ?? window.innerHeight,
    };
  };
  const clamp = (px: number) => {
    const { min, max } = bounds();
    return Math.round(Math.min(max, Math.max(min, px)));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const { bottom } = bounds();
    const move = (ev: globalThis.PointerEvent) => onResize(clamp(bottom - ev.clientY));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const { min, max } = bounds();
    // The dock's height now (not the last rendered value: key repeats come faster than the observer reports).
    const current = ref.current?.parentElement?.getBoundingClientRect().height ?? height;
    const next = { ArrowUp: current + STEP_PX, ArrowDown: current - STEP_PX, Home: min, End: max }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    onResize(clamp(next));
  };
  return (
    <div
      ref={ref}
      className="dock-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the bottom panel"
      aria-controls={controls}
      aria-valuenow={Math.round(height)}
      aria-valuemin={DOCK_MIN_PX}
      aria-valuemax={maxPx}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
