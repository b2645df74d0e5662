// Which pages may boot a workspace's Messenger over plain HTTP: pages on names that never leave this
// machine (the local demo's app.demo.localhost), and others only with PORTICO_ALLOW_HTTP (tests).
import { describe, expect, it } from "vitest";
import { newWorkspaceRow } from "../../domain/workspaces/workspaceCommands.ts";
import { frameAncestors, isAllowedMessengerOrigin } from "./origins.ts";

const config = { allowHttp: false, publicUrl: "http://localhost:3000" };

describe("Messenger origins over plain HTTP", () => {
  it("lets the pages under a .localhost cookie domain boot and frame it", () => {
    const demo = newWorkspaceRow({
      id: "w1",
      slug: "demo",
      name: "Demo",
      cookie_domain: "demo.localhost",
      help_center_domain: "help.demo.localhost",
    });
    expect(isAllowedMessengerOrigin(demo, "http://app.demo.localhost:3000", config)).toBe(true);
    expect(isAllowedMessengerOrigin(demo, "http://help.demo.localhost:3000", config)).toBe(true);
    expect(isAllowedMessengerOrigin(demo, "http://app.other.localhost:3000", config)).toBe(false);
    expect(frameAncestors(demo, config)).toContain("http://*.demo.localhost:*");
  });

  it("refuses plain HTTP on a real domain unless PORTICO_ALLOW_HTTP is on", () => {
    const real = newWorkspaceRow({ id: "w2", slug: "acme", name: "Acme", cookie_domain: "acme.com" });
    expect(isAllowedMessengerOrigin(real, "http://app.acme.com", config)).toBe(false);
    expect(isAllowedMessengerOrigin(real, "https://app.acme.com", config)).toBe(true);
    expect(isAllowedMessengerOrigin(real, "http://app.acme.com", { ...config, allowHttp: true })).toBe(true);
    expect(frameAncestors(real, config).some((s) => s.startsWith("http:"))).toBe(false);
  });
});
