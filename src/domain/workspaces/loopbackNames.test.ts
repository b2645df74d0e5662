// Which names count as this machine: localhost, names under .localhost and the loopback addresses, and no
// look-alike that could be anyone's domain.
import { describe, expect, it } from "vitest";
import { isLoopbackName, isLoopbackServerName } from "./loopbackNames.ts";

describe("loopback names", () => {
  it("takes localhost, every name under .localhost and the loopback addresses", () => {
    for (const name of [
      "localhost",
      "help.demo.localhost",
      "APP.Demo.LocalHost.",
      "127.0.0.1",
      "::1",
      "[::1]",
    ])
      expect(isLoopbackName(name), name).toBe(true);
  });

  it("refuses names that only look local", () => {
    for (const name of [
      "localhost.example",
      "mylocalhost",
      "help.localhost.acme.com",
      "127.0.0.2.nip.io",
      "",
    ])
      expect(isLoopbackName(name), name).toBe(false);
  });

  it("calls only localhost and the loopback addresses the local server itself, not the subdomains", () => {
    expect(isLoopbackServerName("localhost")).toBe(true);
    expect(isLoopbackServerName("127.0.0.1")).toBe(true);
    expect(isLoopbackServerName("[::1]")).toBe(true);
    expect(isLoopbackServerName("help.demo.localhost")).toBe(false);
  });
});
