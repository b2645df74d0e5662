// Who is signed in to the Help Desk, and the sign-in page shown to everyone else.
import { createContext, type FormEvent, useContext, useState } from "react";
import { errorMessage, session, setCsrfToken } from "./api";
import { FormProgress } from "./bits";
import { parseTeammate } from "./bootstrap";
import type { SignedInTeammate } from "./types";

const TeammateContext = createContext<SignedInTeammate | null>(null);

export const TeammateProvider = TeammateContext.Provider;

export function useTeammate(): SignedInTeammate {
  const teammate = useContext(TeammateContext);
  if (!teammate) throw new Error("useTeammate() needs a signed-in <TeammateProvider>");
  return teammate;
}

export function SignInPage({
  onSignedIn,
  notice = null,
}: {
  onSignedIn: (teammate: SignedInTeammate) => void;
  notice?: string | null;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [status, setStatus] = useState<{ kind: "idle" | "busy" | "error"; message: string }>({
    kind: "idle",
    message: "",
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: "busy", message: "Signing in…" });
    try {
      const answer = await session.signIn(email, password);
      const teammate = parseTeammate(answer);
      if (!teammate) throw new Error("The server sent an answer we could not read.");
      setCsrfToken(answer.csrf_token);
      onSignedIn(teammate);
    } catch (error) {
      setStatus({ kind: "error", message: errorMessage(error) });
    }
  }

  return (
    <main id="main" className="signin">
      <h1>Sign in to the Help Desk</h1>
      {notice ? <p className="notice">{notice}</p> : null}
      <form className="signin__form" onSubmit={submit}>
        <label htmlFor="signin-email">E-mail</label>
        <input
          id="signin-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="signin-password">Password</label>
        <input
          id="signin-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={status.kind === "busy"}>
          Sign in
        </button>
        <FormProgress status={status} />
      </form>
    </main>
  );
}
