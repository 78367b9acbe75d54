import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * The entry imports React's chunk and the Telegram SDK adapter dynamically (the SDK only inside Telegram, and
 * the page's data request leaves first); modulepreload tags let the browser download both in parallel with the
 * entry instead of one after another. A preloaded chunk is fetched but not run.
 */
function preloadAppShell(): Plugin {
  return {
    name: "preload-app-shell",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((item) => item.type === "chunk");
        const wanted = chunks.filter((chunk) => /\/src\/(render\.tsx|lib\/telegram\.ts)$/.test(chunk.facadeModuleId ?? ""));
        // Files the entry already loads (itself and its static imports) have their own tags.
        const loaded = new Set(chunks.filter((chunk) => chunk.isEntry).flatMap((chunk) => [chunk.fileName, ...chunk.imports]));
        const files = [...new Set(wanted.flatMap((chunk) => [chunk.fileName, ...chunk.imports]))].filter((file) => !loaded.has(file));
        return files.map((file) => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` }, injectTo: "head" as const }));
      },
    },
  };
}

// The API serves the built app from miniapp/dist at the site root; in `vite dev` /api goes to the local server.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [react(), tailwindcss(), preloadAppShell()],
  // recharts is one large lazy chunk by design (loaded after the first screen), hence the higher warning limit.
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    manifest: true,
    // React and the router change rarely: one long-cached chunk with a name people recognise.
    rolldownOptions: { output: { advancedChunks: { groups: [{ name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/ }] } } },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
