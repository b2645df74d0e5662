// The web build: one Vite build of the browser apps (Tickets portal, Messenger window, Help Desk) and the
// server-rendered pages' stylesheet, hashed files plus a manifest the server reads to link them. Run at
// install (`prepare`), never on each start.
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";
import { messengerLoaderSource } from "./src/http/messenger/loader.ts";

/** The Messenger loader is served by the server, not bundled; the build reports what a host page pays. */
function reportLoaderSize(): Plugin {
  return {
    name: "portico-loader-size",
    closeBundle() {
      const source = messengerLoaderSource("https://portico.example.com");
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} kB`;
      console.log(
        `messenger.js (loader): ${kib(Buffer.byteLength(source))} │ gzip: ${kib(gzipSync(source, { level: 9 }).length)}`,
      );
    },
  };
}

export default defineConfig({
  root: resolve(import.meta.dirname, "web"),
  base: "/assets/",
  plugins: [reportLoaderSize()],
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, "web/portal/main.tsx"),
        messenger: resolve(import.meta.dirname, "web/messenger/main.tsx"),
        helpdesk: resolve(import.meta.dirname, "web/helpdesk/main.tsx"),
        // Stylesheet only: the server-rendered pages (Help Center, start page) in the portal's look.
        site: resolve(import.meta.dirname, "web/site/site.css"),
      },
      // TanStack Query ships "use client" directives for server components; they mean nothing here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
