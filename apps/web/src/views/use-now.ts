import { useEffect, useState } from 'react';

/** The current time (ms since the epoch), re-read every `everyMs`: for relative times such as "2 min ago". */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
