// Host names that can only ever mean this machine, and what that lets a local install do over plain HTTP.
//
// "localhost" and every name under ".localhost" are reserved for loopback (RFC 6761 §6.3): Chromium,
// Firefox and Safari answer them with 127.0.0.1/::1 themselves, without asking DNS, and treat http:// on
// them as a secure context (W3C Secure Contexts, "potentially trustworthy origin"). Nothing sent to such a
// host leaves the machine, so the reasons HTTPS is required elsewhere (nobody on the path can read or
// change the traffic) hold already. That is what lets the demo on help.demo.localhost be the real thing —
// portal prerequisites, cookie forwarding, the Messenger's allowed origins — without a certificate, while
// every other domain still needs HTTPS (or PORTICO_ALLOW_HTTP=1 for tests).

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "[::1]"]);

function normalise(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, "");
}

/** `localhost`, a name under `.localhost`, or a loopback address. */
export function isLoopbackName(host: string): boolean {
  const name = normalise(host);
  return name === "localhost" || name.endsWith(".localhost") || LOOPBACK_ADDRESSES.has(name);
}

/** The names one local server answers to as itself: `localhost` and the loopback addresses (not subdomains). */
export function isLoopbackServerName(host: string): boolean {
  const name = normalise(host);
  return name === "localhost" || LOOPBACK_ADDRESSES.has(name);
}
