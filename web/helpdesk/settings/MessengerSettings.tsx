// Installing the Messenger: the snippet with this workspace's id, and identity verification — secrets
// shown once when made, rotation (two active at once), revocation, and enforcement.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate } from "../directory/bits";
import { SETTINGS_KEY, useWorkspaceSettings } from "./HelpCenterSettings";
import { SettingsSection } from "./SettingsSection";
import { StatusLine } from "./StatusLine";
import { admin, type WorkspaceSettings } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

function snippet(workspaceId: string, origin: string): string {
  return `<script>
  window.porticoSettings = {
    workspace_id: "${workspaceId}",
    user_id: "42", // your own id for the signed-in person
    email: "pat@example.com",
    user_hash: "<hex HMAC-SHA256 of user_id with your identity secret>",
  };
</script>
<script src="${origin}/messenger.js" async></script>`;
}

export function MessengerSettings() {
  const query = useWorkspaceSettings();
  return (
    <SettingsSection
      titleId="messenger-title"
      title="Messenger install"
      query={query}
      what="the Messenger settings"
    >
      {(settings) => (
        <>
          <div className="panel">
            <h2>Install snippet</h2>
            <p>Paste this before the closing &lt;/body&gt; tag of every page of your product.</p>
            <pre className="snippet" aria-label="Messenger install snippet" tabIndex={0}>
              {snippet(settings.id, window.location.origin)}
            </pre>
            <p className="muted">
              Compute user_hash on your server, never in the browser: HMAC-SHA256 of user_id (or of the e-mail
              when there is no user_id) with an identity secret below.
            </p>
          </div>
          <IdentityVerification settings={settings} />
        </>
      )}
    </SettingsSection>
  );
}

function IdentityVerification({ settings }: { settings: WorkspaceSettings }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<{ id: string; secret: string } | null>(null);
  const action = useSaveStatus();
  const refresh = () => queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });

  async function generate() {
    const made = await action.run(
      () => admin.post<{ id: string; secret: string }>("/settings/identity-secrets"),
      "A new secret was made. Copy it now: it will not be shown again.",
    );
    if (made) setRevealed({ id: made.id, secret: made.secret });
    await refresh();
  }

  async function revoke(id: string) {
    if (!window.confirm("Revoke this secret? Messenger sign-ins signed with it stop working at once."))
      return;
    await action.run(
      () => admin.delete(`/settings/identity-secrets/${encodeURIComponent(id)}`),
      "Secret revoked.",
    );
    if (revealed?.id === id) setRevealed(null);
    await refresh();
  }

  async function setEnforced(enforced: boolean) {
    const updated = await action.run(
      () => admin.patch<WorkspaceSettings>("/settings", { identity_enforced: enforced }),
      enforced ? "Identity verification is now enforced." : "Identity verification is no longer enforced.",
    );
    if (updated) queryClient.setQueryData(SETTINGS_KEY, updated);
    await queryClient.invalidateQueries({ queryKey: ["settings", "portal"] });
  }

  const secrets = settings.identity_secrets;
  return (
    <div className="panel">
      <h2>Identity verification</h2>
      <p>
        Enforcement is{" "}
        <strong className={settings.identity_verification.enforced ? "status-ok" : "status-bad"}>
          {settings.identity_verification.enforced ? "on" : "off"}
        </strong>
        :{" "}
        {settings.identity_verification.enforced
          ? "the Messenger refuses identified visitors without a valid user_hash or user_jwt."
          : "identified visitors are accepted without proof. Turn it on once your product sends user_hash."}
      </p>
      <p>
        <button
          type="button"
          className="button"
          disabled={action.status.kind === "busy"}
          onClick={() => void setEnforced(!settings.identity_verification.enforced)}
        >
          {settings.identity_verification.enforced ? "Stop enforcing" : "Enforce identity verification"}
        </button>
      </p>
      <h3>Secrets</h3>
      {secrets.length === 0 ? (
        <p className="notice">There is no identity secret yet.</p>
      ) : (
        <ul>
          {secrets.map((s) => (
            <li key={s.id} className="inline-actions">
              <span>
                Secret made {formatDate(s.created_at)} <span className="muted">({s.id})</span>
              </span>
              <button type="button" className="button button--quiet" onClick={() => void revoke(s.id)}>
                Revoke secret {s.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        To rotate: make a new secret, move your servers to it, then revoke the old one. Both work in between.
      </p>
      <button
        type="button"
        className="button"
        disabled={action.status.kind === "busy"}
        onClick={() => void generate()}
      >
        Make a new secret
      </button>
      {revealed && (
        <div className="notice">
          <label htmlFor="revealed-secret">New identity secret (shown only now)</label>
          <input id="revealed-secret" readOnly value={revealed.secret} onFocus={(e) => e.target.select()} />
          <button type="button" className="button button--quiet" onClick={() => setRevealed(null)}>
            I have copied it
          </button>
        </div>
      )}
      <StatusLine status={action.status} />
    </div>
  );
}
