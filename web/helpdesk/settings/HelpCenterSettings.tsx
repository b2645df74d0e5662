// Help Center settings: custom domain, HTTPS, live, the Messenger cookie's domain, and whether the
// Messenger's cookie has been seen reaching the Help Center (cookie forwarding).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { formatDate } from "../directory/bits";
import { SettingsSection } from "./SettingsSection";
import { StatusLine } from "./StatusLine";
import { admin, type WorkspaceSettings } from "./settingsApi";
import { useSaveStatus } from "./useSaved";

export const SETTINGS_KEY = ["settings", "workspace"] as const;

export function useWorkspaceSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => admin.get<WorkspaceSettings>("/settings", signal),
  });
}

const FORWARDING_LABEL = {
  not_configured: "Not set up",
  unknown: "Not observed yet",
  working: "Working",
  not_working: "Not working",
} as const;

export function HelpCenterSettings() {
  const query = useWorkspaceSettings();
  return (
    <SettingsSection titleId="hc-title" title="Help Center" query={query} what="the Help Center settings">
      {(settings) => (
        <>
          <HelpCenterForm settings={settings} />
          <div className="panel">
            <h2>Cookie forwarding</h2>
            <p>
              Status:{" "}
              <strong
                className={settings.cookie_forwarding.status === "working" ? "status-ok" : "status-bad"}
              >
                {FORWARDING_LABEL[settings.cookie_forwarding.status]}
              </strong>
            </p>
            <p>{settings.cookie_forwarding.message}</p>
            {settings.cookie_forwarding.likely_cause && <p>{settings.cookie_forwarding.likely_cause}</p>}
            {settings.cookie_forwarding.checked_at && (
              <p className="muted">Last checked {formatDate(settings.cookie_forwarding.checked_at)}.</p>
            )}
          </div>
        </>
      )}
    </SettingsSection>
  );
}

function HelpCenterForm({ settings }: { settings: WorkspaceSettings }) {
  const queryClient = useQueryClient();
  const [domain, setDomain] = useState(settings.help_center.custom_domain ?? "");
  const [https, setHttps] = useState(settings.help_center.https);
  const [live, setLive] = useState(settings.help_center.live);
  const [cookieDomain, setCookieDomain] = useState(settings.cookie_domain ?? "");
  const save = useSaveStatus();
  useEffect(() => {
    setDomain(settings.help_center.custom_domain ?? "");
    setHttps(settings.help_center.https);
    setLive(settings.help_center.live);
    setCookieDomain(settings.cookie_domain ?? "");
  }, [settings]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const updated = await save.run(
      () =>
        admin.patch<WorkspaceSettings>("/settings", {
          help_center_domain: domain.trim() || null,
          help_center_https: https,
          help_center_live: live,
          cookie_domain: cookieDomain.trim() || null,
        }),
      "Help Center settings saved.",
    );
    if (updated) {
      queryClient.setQueryData(SETTINGS_KEY, updated);
      await queryClient.invalidateQueries({ queryKey: ["settings", "portal"] });
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit}>
      <h2>Address</h2>
      <p>
        The Help Center is at <a href={settings.help_center.url}>{settings.help_center.url}</a>
      </p>
      <div className="field">
        <label htmlFor="hc-domain">Custom domain</label>
        <input
          id="hc-domain"
          placeholder="help.example.com"
          aria-describedby="hc-domain-help"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
        />
        <span id="hc-domain-help" className="muted">
          Point this name at Portico (a CNAME to this server), then enter it here. Leave empty to use the
          address above.
        </span>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={https} onChange={(e) => setHttps(e.target.checked)} />
        The custom domain is served over HTTPS
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
        The Help Center is live (visible to customers)
      </label>
      <div className="field">
        <label htmlFor="hc-cookie-domain">Cookie domain</label>
        <input
          id="hc-cookie-domain"
          placeholder="example.com"
          aria-describedby="hc-cookie-help"
          value={cookieDomain}
          onChange={(e) => setCookieDomain(e.target.value)}
        />
        <span id="hc-cookie-help" className="muted">
          The domain your product and the Help Center share, so the Messenger's sign-in reaches the Help
          Center.
        </span>
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={save.status.kind === "busy"}>
          Save
        </button>
      </div>
      <StatusLine status={save.status} />
    </form>
  );
}
