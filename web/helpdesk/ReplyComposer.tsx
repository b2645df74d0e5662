// The reply-or-note composer of tickets and conversations: "r" and "n" pick the kind and focus the text,
// an empty message is refused in words, and a sent one is announced.
import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { errorMessage } from "./api";
import { ErrorText } from "./bits";
import { useShortcuts } from "./shortcuts";

export type MessageKind = "comment" | "note";

export function ReplyComposer({
  radioName,
  canReply = true,
  send,
}: {
  /** The name the two kind radios share. */
  radioName: string;
  /** False where there is nobody to reply to (trackers): only notes. */
  canReply?: boolean;
  send: (kind: MessageKind, body: string) => Promise<unknown>;
}) {
  const announce = useAnnounce();
  const [kind, setKind] = useState<MessageKind>("comment");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const bodyId = useId();
  const headingId = useId();
  useShortcuts({
    r: () => {
      if (canReply) setKind("comment");
      textRef.current?.focus();
    },
    n: () => {
      setKind("note");
      textRef.current?.focus();
    },
  });
  const effective = canReply ? kind : "note";
  const mutation = useMutation({
    mutationFn: () => send(effective, body),
    onSuccess: () => {
      setBody("");
      setError(null);
      announce(effective === "note" ? "Note added." : "Reply sent.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <section className={`panel composer composer--${effective}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{effective === "note" ? "Internal note" : "Reply to the customer"}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim() === "") return setError("Write something first.");
          mutation.mutate();
        }}
      >
        <fieldset className="composer__kind">
          <legend className="sr-only">Message kind</legend>
          <label className="check">
            <input
              type="radio"
              name={radioName}
              checked={effective === "comment"}
              disabled={!canReply}
              onChange={() => setKind("comment")}
            />
            Public reply
          </label>
          <label className="check">
            <input
              type="radio"
              name={radioName}
              checked={effective === "note"}
              onChange={() => setKind("note")}
            />
            Internal note
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={bodyId}>
            {effective === "note" ? "Note (only teammates see it)" : "Reply (the customer sees it)"}
          </label>
          <textarea id={bodyId} ref={textRef} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <ErrorText message={error} />
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Sending…" : effective === "note" ? "Add note" : "Send reply"}
        </button>
      </form>
    </section>
  );
}
