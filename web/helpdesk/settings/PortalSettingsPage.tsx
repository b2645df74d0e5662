// Tickets portal settings: on/off (refused, naming what is missing, until its prerequisites hold), the
// shareable URL, the Help Center home card, what members see, and the access rules with a preview.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "../../ui/navigation";
import { AccessRulesEditor } from "./AccessRulesEditor";
import { SettingsSection } from "./SettingsSection";
import { StatusLine } from "./StatusLine";
import { admin, type PortalSettings } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

const FIX_WHERE: Record<string, { href: string; label: string }> = {
  help_center_domain: { href: "/app/admin/help-center", label: "Help Center settings" },
  help_center_https: { href: "/app/admin/help-center", label: "Help Center settings" },
  help_center_live: { href: "/app/admin/help-center", label: "Help Center settings" },
  identity_enforced: { href: "/app/admin/messenger", label: "Messenger identity verification" },
};

export const PORTAL_KEY = ["settings", "portal"] as const;

export function PortalSettingsPage() {
  const queryClient = useQueryClient();
  const portal = useQuery({
    queryKey: PORTAL_KEY,
    queryFn: ({ signal }) => admin.get<PortalSettings>("/settings/portal", signal),
  });
  const toggle = useSaveStatus();

  async function setEnabled(enabled: boolean) {
    const updated = await toggle.run(
      () => admin.patch<PortalSettings>("/settings/portal", { portal_enabled: enabled }),
      enabled ? "The Tickets portal is on." : "The Tickets portal is off.",
    );
    if (updated) queryClient.setQueryData(PORTAL_KEY, updated);
    // A refusal may mean the settings changed elsewhere: show what is missing now.
    else await queryClient.invalidateQueries({ queryKey: PORTAL_KEY });
  }

  return (
    <SettingsSection titleId="portal-title" title="Tickets portal" query={portal} what="the portal settings">
      {(settings) => (
        <>
          <div className="panel">
            <h2>Status</h2>
            <p>
              The portal is{" "}
              <strong className={settings.enabled ? "status-ok" : "status-bad"}>
                {settings.enabled ? "on" : "off"}
              </strong>
              .
            </p>
            {settings.unmet_prerequisites.length > 0 ? (
              <>
                <p>Before customers can use the portal:</p>
                <ul aria-label="Unmet prerequisites">
                  {settings.unmet_prerequisites.map((u) => (
                    <li key={u.prerequisite}>
                      {u.message}{" "}
                      {FIX_WHERE[u.prerequisite] && (
                        <Link href={FIX_WHERE[u.prerequisite]!.href}>
                          Go to {FIX_WHERE[u.prerequisite]!.label}
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              !settings.enabled && <p>Every prerequisite holds: the portal can be turned on.</p>
            )}
            <button
              type="button"
              className={settings.enabled ? "button" : "button button--primary"}
              disabled={toggle.status.kind === "busy"}
              onClick={() => void setEnabled(!settings.enabled)}
            >
              {settings.enabled ? "Turn the portal off" : "Turn the portal on"}
            </button>
            {toggle.status.kind === "error" ? (
              <div role="alert" className="notice notice--error">
                {(toggle.status.reasons?.length ?? 0) > 1 ? (
                  <>
                    <p>The portal was not turned on:</p>
                    <ul aria-label="Why the portal was not turned on">
                      {toggle.status.reasons!.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>The portal was not turned on: {toggle.status.message}</p>
                )}
              </div>
            ) : (
              <StatusLine status={toggle.status} />
            )}
          </div>
          <ShareableUrl url={settings.url} />
          <HomeCardAndVisibility portal={settings} />
          <div className="panel">
            <h2>Access rules</h2>
            <p className="muted">
              Only people who pass these rules can open the portal. With no conditions, everyone signed in
              can.
            </p>
            <AccessRulesEditor saved={settings.access_rules} />
          </div>
        </>
      )}
    </SettingsSection>
  );
}

function ShareableUrl({ url }: { url: string }) {
  const [copied, setCopied] = useState("");
  return (
    <div className="panel">
      <h2>Shareable URL</h2>
      <div className="field">
        <label htmlFor="portal-url">Link your customers can open</label>
        <input id="portal-url" type="url" readOnly value={url} onFocus={(e) => e.target.select()} />
      </div>
      <div className="inline-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            navigator.clipboard
              .writeText(url)
              .then(() => setCopied("Copied the link."))
              .catch(() => setCopied("Could not copy: select the link and copy it yourself."))
          }
        >
          Copy link
        </button>
        <span role="status">{copied}</span>
      </div>
    </div>
  );
}

function HomeCardAndVisibility({ portal }: { portal: PortalSettings }) {
  const queryClient = useQueryClient();
  const [card, setCard] = useState(portal.home_card.enabled);
  const [position, setPosition] = useState<0 | 1>(portal.home_card.position);
  const [visibility, setVisibility] = useState(portal.member_visibility);
  const save = useSaveStatus();
  useEffect(() => {
    setCard(portal.home_card.enabled);
    setPosition(portal.home_card.position);
    setVisibility(portal.member_visibility);
  }, [portal.home_card.enabled, portal.home_card.position, portal.member_visibility]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const updated = await save.run(
      () =>
        admin.patch<PortalSettings>("/settings/portal", {
          portal_home_card: card,
          portal_home_card_position: position,
          portal_member_visibility: visibility,
        }),
      "Saved.",
    );
    if (updated) queryClient.setQueryData(PORTAL_KEY, updated);
  }

  return (
    <form className="panel form-grid" onSubmit={submit}>
      <h2>Home card and visibility</h2>
      <label className="checkbox">
        <input type="checkbox" checked={card} onChange={(e) => setCard(e.target.checked)} />
        Show a “Your tickets” card on the Help Center home page
      </label>
      <div className="field">
        <label htmlFor="portal-card-position">Card position</label>
        <select
          id="portal-card-position"
          value={position}
          disabled={!card}
          onChange={(e) => setPosition(e.target.value === "1" ? 1 : 0)}
        >
          <option value={0}>First, above the collections</option>
          <option value={1}>After the collections</option>
        </select>
      </div>
      <fieldset>
        <legend>Company members see</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="portal-visibility"
            checked={visibility === "all"}
            onChange={() => setVisibility("all")}
          />
          Every shared ticket of their companies
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="portal-visibility"
            checked={visibility === "participating"}
            onChange={() => setVisibility("participating")}
          />
          Only the tickets they take part in
        </label>
      </fieldset>
      <div>
        <button type="submit" className="button button--primary" disabled={save.status.kind === "busy"}>
          Save
        </button>
      </div>
      <StatusLine status={save.status} />
    </form>
  );
}
