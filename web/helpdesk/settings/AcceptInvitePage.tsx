// The page an invitation e-mail links to (/app/invite#<token>): the invited person chooses a password,
// then signs in. The token sits in the URL fragment, so it never reaches a server log.
import { type FormEvent, useState } from "react";
import { requestJson } from "../../ui/http";
import { errorMessage } from "../api";
import { FormProgress } from "../bits";

export function AcceptInvitePage({ onAccepted }: { onAccepted: () => void }) {
  const [token] = useState(() => window.location.hash.slice(1));
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [status, setStatus] = useState<{ kind: "idle" | "busy" | "done" | "error"; message: string }>({
    kind: "idle",
    message: "",
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: "busy", message: "Saving…" });
    try {
      await requestJson("/app/invites/accept", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ token, password, name: name.trim() || undefined }),
      });
      window.history.replaceState(null, "", "/app/inbox");
      setStatus({
        kind: "done",
        message: "Your account is ready. Sign in with your e-mail and new password.",
      });
    } catch (error) {
      setStatus({ kind: "error", message: errorMessage(error) });
    }
  }

  if (!token) {
    return (
      <main id="main" className="signin">
        <h1>Invitation</h1>
        <p>This address needs the whole link from your invitation e-mail.</p>
      </main>
    );
  }
  if (status.kind === "done") {
    return (
      <main id="main" className="signin">
        <h1>Welcome aboard</h1>
        <p role="status">{status.message}</p>
        <button type="button" className="button button--primary" onClick={onAccepted}>
          Go to sign in
        </button>
      </main>
    );
  }
  return (
    <main id="main" className="signin">
      <h1>Join the Help Desk</h1>
      <form className="signin__form" onSubmit={submit}>
        <label htmlFor="invite-your-name">Your name</label>
        <input
          id="invite-your-name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="invite-password">Choose a password (at least 10 characters)</label>
        <input
          id="invite-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={status.kind === "busy"}>
          Create my account
        </button>
        <FormProgress status={status} />
      </form>
    </main>
  );
}
