// Teammates: invite by e-mail (they get a one-time link to choose a password), change roles, remove.
// The server keeps at least one admin and says so when asked to demote or remove the last one.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDate, QueryStatus } from "../directory/bits";
import { StatusLine } from "./StatusLine";
import { admin, type InviteRow, type TeammateRow } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

const KEY = ["settings", "teammates"] as const;
const ROLE_NAMES = { admin: "Admin", agent: "Agent" } as const;

export function TeammatesSettings() {
  const queryClient = useQueryClient();
  const team = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => admin.get<{ data: TeammateRow[]; invites: InviteRow[] }>("/teammates", signal),
  });
  const action = useSaveStatus();
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });

  async function changeRole(t: TeammateRow, role: "admin" | "agent") {
    await action.run(
      () => admin.put(`/teammates/${encodeURIComponent(t.id)}`, { role }),
      `${t.name || t.email} is now ${role === "admin" ? "an admin" : "an agent"}.`,
    );
    await refresh();
  }

  async function remove(t: TeammateRow) {
    if (!window.confirm(`Remove ${t.name || t.email}? They are signed out and their assignments cleared.`))
      return;
    await action.run(
      () => admin.delete(`/teammates/${encodeURIComponent(t.id)}`),
      `${t.name || t.email} was removed.`,
    );
    await refresh();
  }

  async function revokeInvite(invite: InviteRow) {
    await action.run(
      () => admin.delete(`/teammates/invites/${encodeURIComponent(invite.id)}`),
      `The invitation to ${invite.email} was withdrawn.`,
    );
    await refresh();
  }

  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title" tabIndex={-1}>
        Teammates
      </h1>
      <InviteForm onInvited={refresh} />
      <StatusLine status={action.status} />
      {!team.data ? (
        <QueryStatus isPending={team.isPending} error={team.error} what="the teammates" />
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="sr-only">Teammates</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {team.data.data.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {t.name || t.email}
                      {t.is_you && <span className="muted"> (you)</span>}
                    </td>
                    <td>{t.email}</td>
                    <td>
                      <label className="sr-only" htmlFor={`role-${t.id}`}>
                        Role of {t.name || t.email}
                      </label>
                      <select
                        id={`role-${t.id}`}
                        value={t.role}
                        onChange={(e) => void changeRole(t, e.target.value === "admin" ? "admin" : "agent")}
                      >
                        <option value="admin">{ROLE_NAMES.admin}</option>
                        <option value="agent">{ROLE_NAMES.agent}</option>
                      </select>
                    </td>
                    <td>
                      {!t.is_you && (
                        <button type="button" className="button button--quiet" onClick={() => void remove(t)}>
                          Remove {t.name || t.email}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Pending invitations</h2>
          {team.data.invites.length === 0 ? (
            <p className="muted">No invitation is waiting.</p>
          ) : (
            <ul>
              {team.data.invites.map((i) => (
                <li key={i.id} className="inline-actions">
                  <span>
                    {i.email} as {ROLE_NAMES[i.role].toLowerCase()}, link valid until{" "}
                    {formatDate(i.expires_at)}
                  </span>
                  <button type="button" className="button button--quiet" onClick={() => void revokeInvite(i)}>
                    Withdraw invitation to {i.email}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function InviteForm({ onInvited }: { onInvited: () => Promise<unknown> }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<"admin" | "agent">("agent");
  const invite = useSaveStatus();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const sent = await invite.run(
      () => admin.post("/teammates/invites", { email, name, role }),
      `Invitation sent to ${email}. The link in it works once, for 7 days.`,
    );
    if (sent !== undefined) {
      setEmail("");
      setName("");
      await onInvited();
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit}>
      <h2>Invite a teammate</h2>
      <div className="field">
        <label htmlFor="invite-email">E-mail</label>
        <input
          id="invite-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="invite-name">Name (optional)</label>
        <input id="invite-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select
          id="invite-role"
          value={role}
          onChange={(e) => setRole(e.target.value === "admin" ? "admin" : "agent")}
        >
          <option value="agent">Agent: answers customers</option>
          <option value="admin">Admin: also changes settings and teammates</option>
        </select>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={invite.status.kind === "busy"}>
          Send invitation
        </button>
      </div>
      <StatusLine status={invite.status} />
    </form>
  );
}
