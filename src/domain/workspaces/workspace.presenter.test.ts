// Every URL Portico hands out keeps the scheme, host and port people reach: the Help Center's address and
// the portal's shareable URL beside a PUBLIC_URL with a port, and without one behind a TLS proxy.
import { describe, expect, it } from "vitest";
import { helpCenterUrl, originOfHost, presentWorkspaceSettings } from "./workspace.presenter.ts";
import { newWorkspaceRow } from "./workspaceCommands.ts";

const workspace = (fields: Parameters<typeof newWorkspaceRow>[0]) => newWorkspaceRow(fields);

describe("the URLs a workspace's settings hand out", () => {
  it("keep PUBLIC_URL's port on the Help Center's domain when the scheme is the same", () => {
    const local = workspace({
      id: "w1",
      slug: "demo",
      name: "Demo",
      help_center_domain: "help.demo.localhost",
    });
    const config = { publicUrl: "http://localhost:3000", allowHttp: false };
    expect(helpCenterUrl(local, config)).toBe("http://help.demo.localhost:3000");
    expect(presentWorkspaceSettings(local, config).tickets_portal.url).toBe(
      "http://help.demo.localhost:3000/tickets",
    );
  });

  it("leave the port out behind a TLS proxy on the default port, and never carry one across schemes", () => {
    const real = workspace({
      id: "w2",
      slug: "acme",
      name: "Acme",
      help_center_domain: "help.acme.com",
      help_center_https: 1,
    });
    expect(helpCenterUrl(real, { publicUrl: "https://support.acme.com" })).toBe("https://help.acme.com");
    expect(helpCenterUrl(real, { publicUrl: "https://support.acme.com:8443" })).toBe(
      "https://help.acme.com:8443",
    );
    expect(helpCenterUrl(real, { publicUrl: "http://localhost:3000" })).toBe("https://help.acme.com");
    expect(originOfHost("app.acme.com", false, { publicUrl: "https://support.acme.com:8443" })).toBe(
      "http://app.acme.com",
    );
  });

  it("put a Help Center without a domain under /help/<slug> of PUBLIC_URL, port included", () => {
    const plain = workspace({ id: "w3", slug: "plain", name: "Plain" });
    expect(helpCenterUrl(plain, { publicUrl: "http://127.0.0.1:4000" })).toBe(
      "http://127.0.0.1:4000/help/plain",
    );
  });
});
