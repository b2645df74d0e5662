// The Messenger loader served at /messenger.js: plain JavaScript, globals `Portico` and
// `porticoSettings` only. It boots, stores the session as first-party cookies on the workspace's
// cookie domain (so the Help Center there receives them), updates, and shuts down. The Messenger
// window itself is a later issue (#7): "show" opens nothing yet.

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 270 * 24 * 3600;

export function messengerLoaderSource(publicUrl: string): string {
  return `/* Portico Messenger loader */
(function () {
  "use strict";
  var BASE = ${JSON.stringify(publicUrl)};
  if (window.Portico && window.Portico.portico === true) return;
  var state = { settings: null, workspaceId: null, cookieDomain: null };

  function text(value) {
    return value === undefined || value === null || value === "" ? undefined : String(value);
  }
  function names(workspaceId) {
    return { session: "portico-session-" + workspaceId, device: "portico-device-" + workspaceId };
  }
  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return undefined;
  }
  function writeCookie(name, value, maxAge, domain) {
    var cookie = name + "=" + encodeURIComponent(value) + "; Path=/; Max-Age=" + maxAge + "; SameSite=Lax";
    if (domain) cookie += "; Domain=" + domain;
    if (location.protocol === "https:") cookie += "; Secure";
    document.cookie = cookie;
  }
  function coversThisHost(domain) {
    var host = location.hostname;
    return host === domain || host.slice(-(domain.length + 1)) === "." + domain;
  }
  function clearCookies(workspaceId, domain) {
    var n = names(workspaceId);
    [n.session, n.device].forEach(function (name) {
      writeCookie(name, "", 0, domain);
      writeCookie(name, "", 0, null);
    });
  }
  function emit(type, detail) {
    window.dispatchEvent(new CustomEvent("portico:" + type, { detail: detail }));
  }
  function post(workspaceId, action, body) {
    return fetch(BASE + "/messenger/" + encodeURIComponent(workspaceId) + "/" + action, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      keepalive: action === "shutdown",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    });
  }

  function boot(settings) {
    settings = settings || {};
    var workspaceId = text(settings.workspace_id);
    if (!workspaceId) {
      console.error("Portico: porticoSettings.workspace_id is missing");
      return Promise.resolve();
    }
    state.settings = settings;
    state.workspaceId = workspaceId;
    var n = names(workspaceId);
    return post(workspaceId, "boot", {
      user_id: text(settings.user_id),
      email: text(settings.email),
      name: text(settings.name),
      user_hash: text(settings.user_hash),
      user_jwt: text(settings.user_jwt),
      session_token: readCookie(n.session),
      device_id: readCookie(n.device)
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          // A refused identity must not leave an earlier person's session behind on this browser.
          clearCookies(workspaceId, state.cookieDomain || result.data.cookie_domain);
          emit("boot-failed", { errors: result.data.errors });
          return;
        }
        var data = result.data;
        state.cookieDomain = data.cookie_domain && coversThisHost(data.cookie_domain) ? data.cookie_domain : null;
        writeCookie(n.session, data.session_token, data.session_max_age, state.cookieDomain);
        writeCookie(n.device, data.device_id, ${DEVICE_COOKIE_MAX_AGE_SECONDS}, state.cookieDomain);
        emit("booted", { contact: data.contact, identity_verified: data.identity_verified });
      })
      .catch(function (error) {
        emit("boot-failed", { errors: [{ code: "network_error", message: String(error) }] });
      });
  }

  function shutdown() {
    var workspaceId = state.workspaceId || text((window.porticoSettings || {}).workspace_id);
    if (!workspaceId) return Promise.resolve();
    var token = readCookie(names(workspaceId).session);
    clearCookies(workspaceId, state.cookieDomain);
    state.settings = null;
    emit("shutdown", {});
    if (!token) return Promise.resolve();
    return post(workspaceId, "shutdown", { session_token: token }).catch(function () {});
  }

  function Portico(command, argument) {
    switch (command) {
      case "boot":
        return boot(argument || window.porticoSettings);
      case "update":
        var merged = {};
        var current = state.settings || window.porticoSettings || {};
        Object.keys(current).forEach(function (k) { merged[k] = current[k]; });
        Object.keys(argument || {}).forEach(function (k) { merged[k] = argument[k]; });
        return boot(merged);
      case "shutdown":
        return shutdown();
      case "show":
      case "hide":
        // The Messenger window arrives with issue #7; until then there is nothing to open.
        return Promise.resolve();
      default:
        console.error("Portico: unknown command " + command);
        return Promise.resolve();
    }
  }
  Portico.portico = true;
  window.Portico = Portico;
  if (window.porticoSettings) boot(window.porticoSettings);
})();
`;
}
