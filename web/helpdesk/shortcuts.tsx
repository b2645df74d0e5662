// Keyboard shortcuts for the common moves. Pages register what a key does while they are shown; keys
// typed into a field never trigger anything. "?" lists the shortcuts.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

export type ShortcutHandlers = Partial<Record<string, () => void>>;

const stack: Array<{ current: ShortcutHandlers }> = [];

export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: "j / k", what: "Next / previous ticket" },
  { keys: "Enter", what: "Open the selected ticket (inbox)" },
  { keys: "r", what: "Reply to the customer" },
  { keys: "n", what: "Write an internal note" },
  { keys: "s", what: "Change the state" },
  { keys: "g i", what: "Go to the inbox" },
  { keys: "/", what: "Search the inbox" },
  { keys: "?", what: "Show these shortcuts" },
];

/** While the calling component is mounted, these keys do these things (latest registration wins). */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const entry = ref;
    stack.push(entry);
    return () => {
      const index = stack.indexOf(entry);
      if (index >= 0) stack.splice(index, 1);
    };
  }, []);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

let helpOpen = false;
const helpListeners = new Set<() => void>();
function setHelpOpen(open: boolean) {
  helpOpen = open;
  for (const l of helpListeners) l();
}

/** Installs the one keydown listener; "g" then "i" goes to the inbox, "?" opens the help. */
export function useGlobalShortcuts(go: (href: string) => void): void {
  useEffect(() => {
    let pendingG = false;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (event.key === "Escape" && helpOpen) return setHelpOpen(false);
      if (pendingG) {
        pendingG = false;
        if (event.key === "i") {
          event.preventDefault();
          go("/app/inbox");
          return;
        }
      }
      if (event.key === "g") {
        pendingG = true;
        return;
      }
      if (event.key === "?") {
        event.preventDefault();
        setHelpOpen(!helpOpen);
        return;
      }
      for (let i = stack.length - 1; i >= 0; i--) {
        const handler = stack[i]!.current[event.key];
        if (handler) {
          event.preventDefault();
          handler();
          return;
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);
}

export function ShortcutHelp() {
  const open = useSyncExternalStore(
    (l) => {
      helpListeners.add(l);
      return () => helpListeners.delete(l);
    },
    () => helpOpen,
  );
  const [restoreTo, setRestoreTo] = useState<HTMLElement | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) {
      setRestoreTo(document.activeElement instanceof HTMLElement ? document.activeElement : null);
      closeRef.current?.focus();
    } else restoreTo?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="dialog"
        onKeyDown={(event) => {
          // The close button is the dialog's one control: Tab stays on it while the dialog is open.
          if (event.key === "Tab") {
            event.preventDefault();
            closeRef.current?.focus();
          }
        }}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.keys}>
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.what}</dd>
            </div>
          ))}
        </dl>
        <button ref={closeRef} type="button" className="button" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
