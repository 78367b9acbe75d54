import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

/**
 * The entry imports React's chunk dynamically (the page's data request leaves first); a modulepreload tag lets
 * the browser download it in parallel with the entry instead of one after the other. A preloaded chunk is
 * fetched but not run.
 */
function preloadAppShell(): Plugin {
  return {
    name: "preload-app-shell",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((item) => item.type === "chunk");
        // Not the Telegram SDK (18 KB gzip): with initData in the URL it loads after the first screen, and a
        // preload would spend the first screen's bandwidth on it.
        const wanted = chunks.filter((chunk) => /\/src\/render\.tsx$/.test(chunk.facadeModuleId ?? ""));
        // Files the entry already loads (itself and its static imports) have their own tags.
        const loaded = new Set(
          chunks.filter((chunk) => chunk.isEntry).flatMap((chunk) => [chunk.fileName, ...chunk.imports]),
        );
        const files = [...new Set(wanted.flatMap((chunk) => [chunk.fileName, ...chunk.imports]))].filter(
          (file) => !loaded.has(file),
        );
        return files.map((file) => ({
          tag: "link",
          attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

/**
 * Prisma's generated client sets a global __dirname (its ESM shim), and vite-plugin-pwa reads its own package.json
 * through __dirname when one exists: in a process that loaded Prisma (the browser tests build the app) it would
 * look in prisma/generated. The plugin is created with the global hidden.
 */
function withoutGlobalDirname<T>(create: () => T): T {
  const host = globalThis as Record<string, unknown>;
  const key = "__dirname";
  const saved = host[key];
  if (saved === undefined) return create();
  delete host[key];
  try {
    return create();
  } finally {
    host[key] = saved;
  }
}

/** Precache entries larger than this stay out (recharts): the service worker keeps them once a page loads them. */
const PRECACHE_MAX_BYTES = 100 * 1024;

/**
 * The service worker (src/sw.ts): the shell and the pages' code precached so the app opens without signal. The
 * shell is precached as "/" (the server's copy, which carries the company's time zone) under index.html's revision.
 */
const serviceWorker = withoutGlobalDirname(() =>
  VitePWA({
    strategies: "injectManifest",
    srcDir: "src",
    filename: "sw.ts",
    injectRegister: false,
    manifest: false,
    injectManifest: {
      globPatterns: ["**/*.{js,css,html}"],
      manifestTransforms: [
        async (entries) => ({
          manifest: entries
            .filter((entry) => entry.size <= PRECACHE_MAX_BYTES)
            .map((entry) => (entry.url === "index.html" ? { ...entry, url: "/" } : entry)),
          warnings: [],
        }),
      ],
    },
  }),
);

// The API serves the built app from miniapp/dist at the site root; in `vite dev` /api goes to the local server.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [react(), tailwindcss(), preloadAppShell(), serviceWorker],
  // recharts is one large lazy chunk by design (loaded after the first screen), hence the higher warning limit.
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    manifest: true,
    // React and the router change rarely: one long-cached chunk with a name people recognise.
    rolldownOptions: {
      output: {
        advancedChunks: {
          groups: [{ name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/ }],
        },
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
