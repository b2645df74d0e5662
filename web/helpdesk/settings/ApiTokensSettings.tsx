// API tokens: made with a name, shown once at creation, listed by name and dates, revoked.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDate, QueryStatus } from "../directory/bits";
import { StatusLine } from "./StatusLine";
import { admin, type ApiTokenRow } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

const KEY = ["settings", "api-tokens"] as const;

export function ApiTokensSettings() {
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => admin.get<{ data: ApiTokenRow[] }>("/api-tokens", signal),
  });
  const [name, setName] = useState("");
  const [revealed, setRevealed] = useState<{ name: string; token: string } | null>(null);
  const action = useSaveStatus();

  async function create(event: FormEvent) {
    event.preventDefault();
    const made = await action.run(
      () => admin.post<{ id: string; name: string; token: string }>("/api-tokens", { name }),
      "Token made. Copy it now: it will not be shown again.",
    );
    if (made) {
      setRevealed({ name: made.name, token: made.token });
      setName("");
    }
    await queryClient.invalidateQueries({ queryKey: KEY });
  }

  async function revoke(token: ApiTokenRow) {
    if (!window.confirm(`Revoke “${token.name}”? Integrations using it stop working at once.`)) return;
    await action.run(
      () => admin.delete(`/api-tokens/${encodeURIComponent(token.id)}`),
      `“${token.name}” revoked.`,
    );
    await queryClient.invalidateQueries({ queryKey: KEY });
  }

  const active = tokens.data?.data.filter((t) => t.revoked_at === null) ?? [];
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title" tabIndex={-1}>
        API tokens
      </h1>
      <p>
        Tokens let your servers use the REST API at <code>{window.location.origin}/api</code> with{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <form className="panel form-grid" onSubmit={create}>
        <h2>New token</h2>
        <div className="field">
          <label htmlFor="token-name">Name (what it is for)</label>
          <input
            id="token-name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div>
          <button type="submit" className="button button--primary" disabled={action.status.kind === "busy"}>
            Make token
          </button>
        </div>
        {revealed && (
          <div className="notice">
            <label htmlFor="revealed-token">Token “{revealed.name}” (shown only now)</label>
            <input id="revealed-token" readOnly value={revealed.token} onFocus={(e) => e.target.select()} />
            <button type="button" className="button button--quiet" onClick={() => setRevealed(null)}>
              I have copied it
            </button>
          </div>
        )}
        <StatusLine status={action.status} />
      </form>
      <h2>Tokens in use</h2>
      {!tokens.data ? (
        <QueryStatus isPending={tokens.isPending} error={tokens.error} what="the API tokens" />
      ) : active.length === 0 ? (
        <p className="notice">No token is active.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Active API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{formatDate(t.created_at)}</td>
                  <td>{t.last_used_at ? formatDate(t.last_used_at) : "Never"}</td>
                  <td>
                    <button type="button" className="button button--quiet" onClick={() => void revoke(t)}>
                      Revoke {t.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
