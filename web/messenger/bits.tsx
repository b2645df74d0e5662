// Small pieces the Messenger's spaces share: loading and error states, back links, the message composer.
import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import { ApiError } from "./api";

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      {retry ? (
        <button type="button" className="button button--secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function BackButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="back" onClick={onClick}>
      <span aria-hidden="true">‹</span> {label}
    </button>
  );
}

/** A message box: Enter sends, Shift+Enter adds a line; the text stays when sending fails. */
export function Composer({
  label,
  placeholder,
  submitLabel,
  onSend,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  onSend(body: string): Promise<unknown>;
}) {
  const id = useId();
  const [body, setBody] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (body.trim() === "" || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(body);
      setBody("");
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
  }

  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        value={body}
        rows={2}
        placeholder={placeholder}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={65_536}
      />
      <button type="submit" className="button" disabled={sending || body.trim() === ""}>
        {sending ? "Sending…" : submitLabel}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
