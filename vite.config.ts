// The web build: one Vite build of the browser apps (the Tickets portal and the Help Desk), hashed files plus a
// manifest the server reads to link them. Run at install (`prepare`), never on each start.
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  root: resolve(import.meta.dirname, "web"),
  base: "/assets/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, "web/portal/main.tsx"),
        helpdesk: resolve(import.meta.dirname, "web/helpdesk/main.tsx"),
      },
      // TanStack Query ships "use client" directives for server components; they mean nothing here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
