// A polite live region that tells screen-reader users what changed on the page without a reload.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<string[]>([]);

  const announce = useCallback<Announce>((next) => {
    // Messages arriving together are read as one; clearing first makes a repeated message be read again.
    pending.current.push(next);
    setMessage("");
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setMessage(pending.current.join(" "));
      pending.current = [];
    }, 150);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {message}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
