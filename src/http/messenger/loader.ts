// The Messenger loader served at /messenger.js: plain JavaScript, globals `Portico` and
// `porticoSettings` only. It boots, stores the session as first-party cookies on the workspace's
// cookie domain (so the Help Center there receives them), updates, and shuts down; and it puts the
// launcher in the page's corner (inside a shadow root, so the page's CSS and ours never meet) with the
// Messenger window, an iframe of /messenger/<workspace>/frame that gets the session by postMessage.

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 270 * 24 * 3600;

export function messengerLoaderSource(publicUrl: string): string {
  return `/* Portico Messenger loader */
(function () {
  "use strict";
  var BASE = ${JSON.stringify(publicUrl)};
  if (window.Portico && window.Portico.portico === true) return;
  var state = { settings: null, workspaceId: null, cookieDomain: null, attached: false, booting: null };

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
    var given = text(settings.session_token);
    if (given && !text(settings.user_id) && !text(settings.email) && !text(settings.user_jwt)) {
      // A session this workspace's server already issued (the Help Center does this): no cookies to keep.
      state.attached = true;
      mount(given);
      emit("booted", { contact: null, identity_verified: true });
      return Promise.resolve();
    }
    state.attached = false;
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
          unmount();
          emit("boot-failed", { errors: result.data.errors });
          return;
        }
        var data = result.data;
        state.cookieDomain = data.cookie_domain && coversThisHost(data.cookie_domain) ? data.cookie_domain : null;
        writeCookie(n.session, data.session_token, data.session_max_age, state.cookieDomain);
        writeCookie(n.device, data.device_id, ${DEVICE_COOKIE_MAX_AGE_SECONDS}, state.cookieDomain);
        mount(data.session_token);
        emit("booted", { contact: data.contact, identity_verified: data.identity_verified });
      })
      .catch(function (error) {
        emit("boot-failed", { errors: [{ code: "network_error", message: String(error) }] });
      });
  }

  function shutdown() {
    var workspaceId = state.workspaceId || text((window.porticoSettings || {}).workspace_id);
    unmount();
    if (!workspaceId) return Promise.resolve();
    var attached = state.attached;
    var token = attached ? null : readCookie(names(workspaceId).session);
    if (!attached) clearCookies(workspaceId, state.cookieDomain);
    state.settings = null;
    state.attached = false;
    emit("shutdown", {});
    if (!token) return Promise.resolve();
    return post(workspaceId, "shutdown", { session_token: token }).catch(function () {});
  }

  // ---- The launcher and the window -------------------------------------------------------------
  var ui = null;
  var STYLE =
    ":host{all:initial}" +
    ".launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;" +
    "background:#1849b8;color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483000;" +
    "display:flex;align-items:center;justify-content:center;font:600 14px system-ui,sans-serif}" +
    ".launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:3px}" +
    ".launcher svg{width:26px;height:26px;fill:currentColor}" +
    ".badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;" +
    "border-radius:10px;background:#c8102e;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}" +
    ".badge[hidden]{display:none}" +
    ".window{position:fixed;right:20px;bottom:88px;width:380px;height:min(640px,calc(100vh - 108px));" +
    "border-radius:16px;overflow:hidden;box-shadow:0 8px 40px rgba(0,0,0,.3);z-index:2147483000;background:#fff}" +
    ".window[hidden]{display:none}" +
    ".window iframe{border:0;width:100%;height:100%;display:block}" +
    // On a phone the open window fills the screen and has its own close button: the launcher would sit
    // on the window's tab bar, so it steps aside until the window closes.
    "@media (max-width:480px){.window{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}" +
    ".launcher[aria-expanded=true]{display:none}}";
  var ICON_CHAT =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
  var ICON_CLOSE =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';

  function frameOrigin() {
    return new URL(BASE).origin;
  }
  function toFrame(message) {
    if (ui && ui.ready) ui.iframe.contentWindow.postMessage(message, frameOrigin());
    else if (ui) ui.queue.push(message);
  }
  function renderLauncher() {
    if (!ui) return;
    ui.launcher.innerHTML = (ui.open ? ICON_CLOSE : ICON_CHAT) + '<span class="badge" hidden></span>';
    ui.launcher.setAttribute("aria-expanded", ui.open ? "true" : "false");
    ui.launcher.setAttribute("aria-label", ui.open ? "Close the Messenger" : "Open the Messenger");
    var badge = ui.launcher.querySelector(".badge");
    if (ui.unread > 0 && !ui.open) {
      badge.hidden = false;
      badge.textContent = ui.unread > 99 ? "99+" : String(ui.unread);
      ui.launcher.setAttribute("aria-label", "Open the Messenger, " + ui.unread + " unread");
    }
  }
  function setOpen(open, route) {
    if (!ui) return;
    ui.open = open;
    ui.panel.hidden = !open;
    renderLauncher();
    if (open) {
      toFrame({ portico: "show", route: route || null });
      // Keyboard users land in the window they opened; closing it returns them to the launcher.
      ui.iframe.focus();
    } else toFrame({ portico: "hidden" });
  }
  function onMessage(event) {
    if (!ui || event.source !== ui.iframe.contentWindow || event.origin !== frameOrigin()) return;
    var data = event.data || {};
    switch (data.portico) {
      case "ready":
        ui.ready = true;
        ui.iframe.contentWindow.postMessage({ portico: "session", token: ui.token }, frameOrigin());
        while (ui.queue.length) ui.iframe.contentWindow.postMessage(ui.queue.shift(), frameOrigin());
        break;
      case "unread":
        ui.unread = Math.max(0, Number(data.count) || 0);
        renderLauncher();
        emit("unread", { count: ui.unread });
        break;
      case "close":
        setOpen(false);
        ui.launcher.focus();
        break;
    }
  }
  function mount(token) {
    if (ui) {
      if (ui.token !== token) {
        ui.token = token;
        toFrame({ portico: "session", token: token });
      }
      return;
    }
    var host = document.createElement("div");
    host.setAttribute("data-portico-messenger", "");
    var root = host.attachShadow({ mode: "open" });
    // Through the CSSOM: pages with a strict Content-Security-Policy (style-src 'self') block <style>.
    var sheet = null;
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      sheet = null;
    }
    if (!sheet) {
      var style = document.createElement("style");
      style.textContent = STYLE;
      root.appendChild(style);
    }
    var panel = document.createElement("div");
    panel.className = "window";
    panel.hidden = true;
    var iframe = document.createElement("iframe");
    iframe.title = "Messenger";
    iframe.src = BASE + "/messenger/" + encodeURIComponent(state.workspaceId) + "/frame";
    panel.appendChild(iframe);
    var launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    root.appendChild(panel);
    root.appendChild(launcher);
    ui = { host: host, panel: panel, iframe: iframe, launcher: launcher, token: token, ready: false, queue: [], open: false, unread: 0 };
    launcher.addEventListener("click", function () {
      setOpen(!ui.open);
    });
    if ((state.settings || {}).hide_default_launcher === true) launcher.hidden = true;
    renderLauncher();
    window.addEventListener("message", onMessage);
    (document.body || document.documentElement).appendChild(host);
  }
  function unmount() {
    if (!ui) return;
    window.removeEventListener("message", onMessage);
    ui.host.remove();
    ui = null;
  }
  function whenBooted(action) {
    return (state.booting || Promise.resolve()).then(function () {
      if (!ui) {
        console.error("Portico: boot the Messenger first");
        return;
      }
      action();
    });
  }

  function Portico(command, argument) {
    switch (command) {
      case "boot":
        return (state.booting = boot(argument || window.porticoSettings));
      case "update":
        var merged = {};
        var current = state.settings || window.porticoSettings || {};
        Object.keys(current).forEach(function (k) { merged[k] = current[k]; });
        Object.keys(argument || {}).forEach(function (k) { merged[k] = argument[k]; });
        return (state.booting = boot(merged));
      case "shutdown":
        return shutdown();
      case "show":
        return whenBooted(function () { setOpen(true, { space: "home" }); });
      case "hide":
        return whenBooted(function () { setOpen(false); });
      case "showConversation":
        return whenBooted(function () { setOpen(true, { conversation: String(argument) }); });
      case "showTicket":
        return whenBooted(function () { setOpen(true, { ticket: Number(argument) }); });
      default:
        console.error("Portico: unknown command " + command);
        return Promise.resolve();
    }
  }
  Portico.portico = true;
  window.Portico = Portico;
  if (window.porticoSettings) state.booting = boot(window.porticoSettings);
})();
`;
}
